package tools

// notStoredText answers a call the database could not write: unlike other
// internal faults, something the call was to store is missing, and the
// model must not tell the user otherwise.
const notStoredText = "handoff-mcp could not write to its database (the disk is full, the database is read-only, or it stayed locked) and logged it. NOTHING OF THIS CALL WAS STORED: no handoff was created or changed and no message or contact was kept. Tell the user their request could not be passed on right now, and try again in a little while."
