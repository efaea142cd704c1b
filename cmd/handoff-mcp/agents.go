package main

import (
	"bufio"
	"crypto/rand"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	agentdesk "github.com/handoff-mcp/handoff-mcp/desk"
	"github.com/handoff-mcp/handoff-mcp/store"
)

// PasswordEnvVar names the environment variable agents add and passwd read
// a password from.
const PasswordEnvVar = "HANDOFF_MCP_AGENT_PASSWORD"

func newAgents(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "agents",
		Short: "Manage the people who log in to the agent desk at /desk/ (serve --http)",
	}
	var (
		name, email, role string
		teams, langs      []string
		pwStdin           bool
	)
	add := &cobra.Command{
		Use:   "add",
		Short: "Create an agent; prints a generated password unless one comes from --password-stdin or $" + PasswordEnvVar,
		Example: `  handoff-mcp agents add --name Lea --email lea@example.com --role admin --teams billing --languages fi,en
  printf '%s\n' "$PW" | handoff-mcp agents add --name Max --email max@example.com --password-stdin`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			pw, generated, err := password(cmd, pwStdin)
			if err != nil {
				return err
			}
			a, err := agentdesk.NewAgent(name, email, agentdesk.Role(role), teams, langs, pw)
			if err != nil {
				return err
			}
			return withStore(cmd, g, func(st *store.DB) error {
				a, err := st.AddAgent(cmd.Context(), a)
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "Agent %s <%s> (%s) added.\n", a.Name, a.Email, a.Role)
				if generated {
					fmt.Fprintf(cmd.OutOrStdout(), "Password: %s\n(shown once; change it with: handoff-mcp agents passwd %q)\n", pw, a.Name)
				}
				fmt.Fprintln(cmd.OutOrStdout(), "Log in at http://<serve --http address>/desk/")
				return nil
			})
		},
	}
	add.Flags().StringVar(&name, "name", "", "display name the users see (unique)")
	add.Flags().StringVar(&email, "email", "", "login email (unique)")
	add.Flags().StringVar(&role, "role", "agent", "agent or admin")
	add.Flags().StringSliceVar(&teams, "teams", nil, "teams the agent works on (comma-separated)")
	add.Flags().StringSliceVar(&langs, "languages", nil, "languages the agent speaks (ISO 639-1, comma-separated)")
	add.Flags().BoolVar(&pwStdin, "password-stdin", false, "read the password from the first line of stdin")
	_ = add.MarkFlagRequired("name")
	_ = add.MarkFlagRequired("email")

	list := &cobra.Command{
		Use:   "list",
		Short: "List the agents",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withStore(cmd, g, func(st *store.DB) error {
				as, err := st.Agents(cmd.Context())
				if err != nil {
					return err
				}
				if len(as) == 0 {
					fmt.Fprintln(cmd.OutOrStdout(), "No agents. Create the first: handoff-mcp agents add --name NAME --email EMAIL --role admin")
					return nil
				}
				tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "NAME\tEMAIL\tROLE\tTEAMS\tLANGUAGES")
				for _, a := range as {
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", a.Name, a.Email, a.Role, orDashList(a.Teams), orDashList(a.Languages))
				}
				return tw.Flush()
			})
		},
	}
	remove := &cobra.Command{
		Use:   "remove NAME",
		Short: "Remove an agent (their sessions end)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withStore(cmd, g, func(st *store.DB) error {
				if err := st.RemoveAgent(cmd.Context(), args[0]); err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "Agent %s removed.\n", args[0])
				return nil
			})
		},
	}
	var pwStdin2 bool
	passwd := &cobra.Command{
		Use:   "passwd NAME",
		Short: "Set an agent's password (their sessions end); prints a generated one unless given",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			pw, generated, err := password(cmd, pwStdin2)
			if err != nil {
				return err
			}
			hash, err := agentdesk.HashPassword(pw)
			if err != nil {
				return err
			}
			return withStore(cmd, g, func(st *store.DB) error {
				if err := st.SetAgentPassword(cmd.Context(), args[0], hash); err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "Password of %s changed.\n", args[0])
				if generated {
					fmt.Fprintf(cmd.OutOrStdout(), "Password: %s\n", pw)
				}
				return nil
			})
		},
	}
	passwd.Flags().BoolVar(&pwStdin2, "password-stdin", false, "read the password from the first line of stdin")
	cmd.AddCommand(add, list, remove, passwd)
	return cmd
}

// password returns the password from stdin, the environment, or a new
// random one (generated true).
func password(cmd *cobra.Command, fromStdin bool) (string, bool, error) {
	if fromStdin {
		line, err := bufio.NewReader(cmd.InOrStdin()).ReadString('\n')
		if err != nil && line == "" {
			return "", false, fmt.Errorf("reading the password from stdin: %w", err)
		}
		return strings.TrimRight(line, "\r\n"), false, nil
	}
	if pw := os.Getenv(PasswordEnvVar); pw != "" {
		return pw, false, nil
	}
	return rand.Text(), true, nil // 26 base32 characters, 130 random bits
}

func orDashList(s []string) string {
	if len(s) == 0 {
		return "-"
	}
	return strings.Join(s, ",")
}
