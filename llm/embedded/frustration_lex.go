package embedded

import "github.com/handoff-mcp/handoff-mcp/llm/internal/text"

// frustrationLex recognises frustration and anger in the supported
// languages.
var frustrationLex []text.Entry
