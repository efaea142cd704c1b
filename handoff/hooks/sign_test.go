package hooks

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"hash"
)

// The vendors' signatures, computed here independently of package
// helpdesk's verifiers: HMAC over the concatenated parts.

func testMAC(h func() hash.Hash, secret string, parts ...[]byte) []byte {
	m := hmac.New(h, []byte(secret))
	for _, p := range parts {
		m.Write(p)
	}
	return m.Sum(nil)
}

// hexSHA1 is Intercom's X-Hub-Signature: "sha1=" and the hex HMAC-SHA1.
func hexSHA1(secret string, parts ...[]byte) string {
	return "sha1=" + hex.EncodeToString(testMAC(sha1.New, secret, parts...))
}

// hexSHA256 is Chatwoot's and Libredesk's: "sha256=" and the hex HMAC-SHA256.
func hexSHA256(secret string, parts ...[]byte) string {
	return "sha256=" + hex.EncodeToString(testMAC(sha256.New, secret, parts...))
}

// b64SHA256 is Zendesk's: the base64 HMAC-SHA256.
func b64SHA256(secret string, parts ...[]byte) string {
	return base64.StdEncoding.EncodeToString(testMAC(sha256.New, secret, parts...))
}
