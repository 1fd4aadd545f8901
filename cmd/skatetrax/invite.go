package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/accounts"
	"github.com/skatetrax/skatetrax-api/internal/config"
	"github.com/skatetrax/skatetrax-api/internal/ratelimit"
)

// cmdInvite manages invites: create, list, revoke.
func cmdInvite(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errUsage
	}
	cfg, logger, pool, err := openConfigured(ctx, getenv, stderr, false)
	if err != nil {
		return err
	}
	defer pool.Close()
	svc := accountService(pool, cfg, logger)

	switch args[0] {
	case "create":
		fs := flag.NewFlagSet("invite create", flag.ContinueOnError)
		fs.SetOutput(stderr)
		uses := fs.Int("uses", 1, "how many registrations the invite admits (0 = unlimited)")
		expires := fs.Duration("expires", 0, "how long the invite stays valid, e.g. 168h (0 = never expires)")
		note := fs.String("note", "", "who the invite is for")
		quiet := fs.Bool("quiet", false, "print only the token (for scripts: TOKEN=$(skatetrax invite create --quiet))")
		if err := fs.Parse(args[1:]); err != nil {
			return errUsage
		}
		if *uses < 0 || *expires < 0 {
			return fmt.Errorf("invite create: --uses and --expires must not be negative")
		}
		in := accounts.NewInvite{MaxUses: int32(*uses), ExpiresIn: *expires}
		if *note != "" {
			in.Note = note
		}
		plain, inv, err := svc.CreateInvite(ctx, in)
		if err != nil {
			return err
		}
		if *quiet {
			fmt.Fprintln(stdout, plain)
			return nil
		}
		printInvite(stdout, cfg.Port, plain, inv)
		return nil
	case "list":
		list, err := svc.ListInvites(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tUSES\tEXPIRES\tSTATE\tNOTE")
		for _, i := range list {
			state := "usable"
			switch {
			case i.Revoked:
				state = "revoked"
			case !i.Usable(time.Now()):
				state = "used up or expired"
			}
			max := "unlimited"
			if i.MaxUses > 0 {
				max = strconv.Itoa(int(i.MaxUses))
			}
			exp := "never"
			if i.ExpiresAt != nil {
				exp = i.ExpiresAt.Format(time.RFC3339)
			}
			note := ""
			if i.Note != nil {
				note = *i.Note
			}
			fmt.Fprintf(tw, "%d\t%d/%s\t%s\t%s\t%s\n", i.ID, i.UseCount, max, exp, state, note)
		}
		return tw.Flush()
	case "revoke":
		if len(args) != 2 {
			return errUsage
		}
		id, err := strconv.ParseInt(args[1], 10, 32)
		if err != nil || id < 1 {
			return fmt.Errorf("invite revoke: %q is not an invite id", args[1])
		}
		if err := svc.RevokeInvite(ctx, int32(id), nil); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "invite %d revoked\n", id)
		return nil
	}
	return errUsage
}

func accountService(pool *pgxpool.Pool, cfg config.Config, logger *slog.Logger) *accounts.Service {
	return accounts.New(pool, ratelimit.New(db.New(pool)), accounts.Limits{Window: cfg.RateLimits.Window}, nil, logger)
}

func printInvite(w io.Writer, port int, plain string, inv accounts.Invite) {
	fmt.Fprintf(w, "Invite %d created (%s). Its token is shown only now:\n\n  %s\n\n", inv.ID, describeUses(inv.MaxUses), plain)
	fmt.Fprintf(w, "Register with it:\n  curl -s http://localhost:%d/api/v4/auth/register -H 'Content-Type: application/json' \\\n"+
		"    -d '{\"aLogin\":\"me\",\"aEmail\":\"me@example.com\",\"aPasswordHash\":\"a long password\",\"invite_token\":\"%s\"}'\n", port, plain)
}

func describeUses(n int32) string {
	if n <= 0 {
		return "unlimited uses"
	}
	if n == 1 {
		return "single use"
	}
	return strconv.Itoa(int(n)) + " uses"
}
