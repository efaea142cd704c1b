package tools

import (
	"context"
	"fmt"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// ContactInput is the input of collect_contact.
type ContactInput struct {
	ConversationID string `json:"conversation_id" jsonschema_description:"The same conversation id you use with request_human_handoff."`
	Email          string `json:"email,omitempty" jsonschema_description:"The user's email address, exactly as the user gave it."`
	Phone          string `json:"phone,omitempty" jsonschema_description:"The user's phone number, ideally with its country code (+49 30 1234567)."`
	Name           string `json:"name,omitempty" jsonschema_description:"The user's name."`
	Message        string `json:"message,omitempty" jsonschema_description:"A message from the user for the support team, in the user's words. Needs an email or phone so the team can reply."`
	Language       string `json:"language,omitempty" jsonschema_description:"The user's language as an ISO 639-1 code; message_for_user is written in it."`
}

// ContactOutput is the result of collect_contact.
type ContactOutput struct {
	Email            string `json:"email,omitempty" jsonschema_description:"The email address now stored for the conversation, normalised."`
	Phone            string `json:"phone,omitempty" jsonschema_description:"The phone number now stored, in E.164 form."`
	Name             string `json:"name,omitempty" jsonschema_description:"The name now stored."`
	HandoffID        string `json:"handoff_id,omitempty" jsonschema_description:"The open handoff the details were attached to, if any."`
	OfflineMessageID string `json:"offline_message_id,omitempty" jsonschema_description:"Id of the message kept for the team, if a message was left."`
	MessageForUser   string `json:"message_for_user" jsonschema_description:"Pass this to the user."`
	NextStep         string `json:"next_step" jsonschema_description:"What you should do now."`
}

const contactDescription = `Store the user's contact details (email, phone, name) for this conversation, and optionally a message for the
support team. Use it when request_human_handoff returned needs_email, when the team is closed (off_hours) or could not
take the handoff, or whenever the user offers contact details. Emails and phone numbers are validated: on an error,
ask the user to correct exactly the field named. Stored details are remembered for this conversation_id, so
request_human_handoff will not ask again.`

// CollectContact is the collect_contact tool.
func CollectContact(svc *handoff.Service) server.ServerTool {
	tool := mcp.NewTool("collect_contact",
		mcp.WithDescription(contactDescription),
		inputSchema[ContactInput](),
		outputSchema[ContactOutput](),
		annotations("Collect contact details", false, false, false, false),
	)
	return server.ServerTool{Tool: tool, Handler: typed(func(ctx context.Context, req mcp.CallToolRequest, in ContactInput) (*mcp.CallToolResult, error) {
		res, err := svc.CollectContact(ctx, handoff.ContactRequest{
			ConversationID: in.ConversationID, Email: in.Email, Phone: in.Phone,
			Name: in.Name, Message: in.Message, Language: in.Language,
		})
		if err != nil {
			return toolError(err)
		}
		out := ContactOutput{
			Email: res.Contact.Email, Phone: res.Contact.Phone, Name: res.Contact.Name,
			HandoffID: res.HandoffID, OfflineMessageID: res.OfflineMessageID, MessageForUser: res.UserMessage,
		}
		switch {
		case res.HandoffID != "":
			out.NextStep = "The details were added to the open handoff; a human agent owns the conversation. Tell the user message_for_user."
		case res.OfflineMessageID != "":
			out.NextStep = "The message is kept for the team, who will reply by email or phone. Tell the user message_for_user; you may keep helping meanwhile."
		default:
			out.NextStep = "Tell the user message_for_user. If you were handing off, call request_human_handoff again now: it will use the stored contact details."
		}
		return mcp.NewToolResultStructured(out, contactText(out)), nil
	})}
}

func contactText(o ContactOutput) string {
	var b strings.Builder
	var saved []string
	for _, f := range [][2]string{{"email", o.Email}, {"phone", o.Phone}, {"name", o.Name}} {
		if f[1] != "" {
			saved = append(saved, f[0]+" "+f[1])
		}
	}
	if len(saved) > 0 {
		fmt.Fprintf(&b, "Contact stored: %s.", strings.Join(saved, ", "))
	} else {
		b.WriteString("Contact stored.")
	}
	if o.HandoffID != "" {
		fmt.Fprintf(&b, "\nAttached to open handoff %s.", o.HandoffID)
	}
	if o.OfflineMessageID != "" {
		fmt.Fprintf(&b, "\nMessage %s kept for the team.", o.OfflineMessageID)
	}
	fmt.Fprintf(&b, "\nTell the user: %q\nNext step: %s", o.MessageForUser, o.NextStep)
	return b.String()
}
