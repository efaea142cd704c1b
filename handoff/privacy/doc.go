// Package privacy masks personal data in what leaves the server: the copy of
// a handoff that goes to the helpdesk (transcript, question, reason,
// metadata values, the calling model's evidence, the summary), the user
// messages relayed to it, and the conversation sent to any LLM (the
// classifier's prompt, the summary's prompt, the client's model through
// sampling). What stays on the server (the database, the built-in inbox and
// desk, the embedded classifier) keeps the original text.
//
// The built-in kinds are validated, not merely matched: a card number must
// pass the Luhn check, an IBAN its country's length and the mod-97 check, a
// national id its check digit or character (Finnish henkilötunnus, German
// Steuer-ID) or the issuing rules (US SSN); a password is the value that
// follows "my password is", "salasana on", "Passwort ist", "mot de passe
// est" and their variants. Builders add their own patterns. Only kinds and
// counts are recorded, never a masked value.
package privacy
