package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/skatetrax/skatetrax-api/internal/accounts"
	"github.com/skatetrax/skatetrax-api/internal/config"
	"github.com/skatetrax/skatetrax-api/internal/erasure"
	"github.com/skatetrax/skatetrax-api/internal/portability"
	"github.com/skatetrax/skatetrax-api/internal/reference"
	"github.com/skatetrax/skatetrax-api/internal/storage"
)

// operator is what the administration commands work with.
type operator struct {
	cfg      config.Config
	logger   *slog.Logger
	pool     *pgxpool.Pool
	accounts *accounts.Service
	ref      *reference.Service
	port     *portability.Service
}

func openOperator(ctx context.Context, getenv func(string) string, stderr io.Writer) (*operator, error) {
	cfg, logger, pool, err := openConfigured(ctx, getenv, stderr, false)
	if err != nil {
		return nil, err
	}
	acc := accountService(pool, cfg, logger)
	return &operator{cfg: cfg, logger: logger, pool: pool, accounts: acc,
		ref: reference.New(pool, acc, logger), port: portability.New(pool, acc, logger, buildVersion())}, nil
}

// parseFlags parses flags wherever they stand among the arguments
// (`import export FILE --user LOGIN`) and returns the others in order.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, errUsage
		}
		if fs.NArg() == 0 {
			return rest, nil
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// cmdReference runs `coach|rink|club add|list|retire|promote`.
func cmdReference(ctx context.Context, what string, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errUsage
	}
	op, err := openOperator(ctx, getenv, stderr)
	if err != nil {
		return err
	}
	defer op.pool.Close()
	fs := flag.NewFlagSet(what+" "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	a := reference.CLI
	switch what + " " + args[0] {
	case "coach add":
		first := fs.String("first", "", "first name (required)")
		last := fs.String("last", "", "last name (required)")
		rate := fs.Float64("rate", -1, "rate in USD per hour")
		phone := fs.String("phone", "", "phone number")
		email := fs.String("email", "", "email address")
		usfsa := fs.Int("usfsa", -1, "U.S. Figure Skating member number")
		if rest, err := parseFlags(fs, args[1:]); err != nil || len(rest) != 0 {
			return errUsage
		}
		in := reference.CoachInput{FirstName: first, LastName: last, Phone: optional(*phone), Email: optional(*email)}
		if *rate >= 0 {
			in.Rate = rate
		}
		if *usfsa >= 0 {
			n := int32(*usfsa)
			in.USFSAID = &n
		}
		c, err := op.ref.CreateCoach(ctx, a, in)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "coach %s added: %s %s\n", c.ID, deref(c.FirstName), deref(c.LastName))
		return nil
	case "rink add":
		name := fs.String("name", "", "rink name (required)")
		address := fs.String("address", "", "street address")
		city := fs.String("city", "", "city")
		state := fs.String("state", "", "state or province")
		country := fs.String("country", "", "country code")
		zip := fs.String("zip", "", "ZIP or postal code (default 00000)")
		url := fs.String("url", "", "web site (http:// or https://)")
		phone := fs.String("phone", "", "phone number")
		tz := fs.String("tz", "", "IANA time zone, e.g. America/Denver")
		if rest, err := parseFlags(fs, args[1:]); err != nil || len(rest) != 0 {
			return errUsage
		}
		r, err := op.ref.CreateRink(ctx, a, reference.RinkInput{Name: name, Address: optional(*address), City: optional(*city),
			State: optional(*state), Country: optional(*country), Zip: optional(*zip), URL: optional(*url),
			Phone: optional(*phone), TZ: optional(*tz)})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "rink %s added: %s\n", r.ID, deref(r.Name))
		return nil
	case "club add":
		name := fs.String("name", "", "club name (required)")
		home := fs.String("home-rink", "", "id of the club's home rink (a shared rink)")
		cost := fs.Float64("cost", -1, "yearly fee in USD")
		if rest, err := parseFlags(fs, args[1:]); err != nil || len(rest) != 0 {
			return errUsage
		}
		in := reference.ClubInput{Name: name}
		if *cost >= 0 {
			in.Cost = cost
		}
		if *home != "" {
			id, err := uuid.Parse(*home)
			if err != nil {
				return fmt.Errorf("club add: --home-rink %q is not a rink id", *home)
			}
			in.HomeRink = &id
		}
		c, err := op.ref.CreateClub(ctx, a, in)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "club %s added: %s\n", c.ID, deref(c.Name))
		return nil
	case "coach list", "rink list", "club list":
		all := fs.Bool("all", false, "include retired entries")
		if rest, err := parseFlags(fs, args[1:]); err != nil || len(rest) != 0 {
			return errUsage
		}
		return listReference(ctx, op.ref, what, *all, stdout)
	case "coach retire", "rink retire", "club retire", "coach promote", "rink promote", "club promote":
		rest, err := parseFlags(fs, args[1:])
		if err != nil || len(rest) != 1 {
			return errUsage
		}
		id, err := uuid.Parse(rest[0])
		if err != nil {
			return fmt.Errorf("%s %s: %q is not an id", what, args[0], rest[0])
		}
		return changeReference(ctx, op.ref, what, args[0], id, stdout)
	}
	return errUsage
}

func changeReference(ctx context.Context, ref *reference.Service, what, verb string, id uuid.UUID, stdout io.Writer) error {
	a := reference.CLI
	var err error
	switch what + " " + verb {
	case "coach retire":
		_, err = ref.SetCoachRetired(ctx, a, id, true)
	case "rink retire":
		_, err = ref.SetRinkRetired(ctx, a, id, true)
	case "club retire":
		_, err = ref.SetClubRetired(ctx, a, id, true)
	case "coach promote":
		_, err = ref.PromoteCoach(ctx, a, id)
	case "rink promote":
		_, err = ref.PromoteRink(ctx, a, id)
	case "club promote":
		_, err = ref.PromoteClub(ctx, a, id)
	}
	if err != nil {
		return err
	}
	done := map[string]string{"retire": "retired (it leaves the lists; old records keep it)", "promote": "shared with every skater"}[verb]
	fmt.Fprintf(stdout, "%s %s %s\n", what, id, done)
	return nil
}

func listReference(ctx context.Context, ref *reference.Service, what string, all bool, stdout io.Writer) error {
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	state := func(owner *uuid.UUID, retired bool) string {
		s := "shared"
		if owner != nil {
			s = "private to " + owner.String()
		}
		if retired {
			s += ", retired"
		}
		return s
	}
	switch what {
	case "coach":
		list, err := ref.ListCoaches(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintln(tw, "ID\tNAME\tRATE\tSTATE")
		for _, c := range list {
			if c.RetiredAt != nil && !all {
				continue
			}
			rate := ""
			if c.Rate != nil {
				rate = fmt.Sprintf("%.2f", *c.Rate)
			}
			fmt.Fprintf(tw, "%s\t%s %s\t%s\t%s\n", c.ID, deref(c.FirstName), deref(c.LastName), rate, state(c.Owner, c.RetiredAt != nil))
		}
	case "rink":
		list, err := ref.ListRinks(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintln(tw, "ID\tNAME\tCITY\tSTATE\tZONE\tSTATUS")
		for _, r := range list {
			if r.RetiredAt != nil && !all {
				continue
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, deref(r.Name), deref(r.City), deref(r.State), deref(r.TZ), state(r.Owner, r.RetiredAt != nil))
		}
	case "club":
		list, err := ref.ListClubs(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintln(tw, "ID\tNAME\tHOME RINK\tSTATE")
		for _, c := range list {
			if c.RetiredAt != nil && !all {
				continue
			}
			home := ""
			if c.HomeRink != nil {
				home = c.HomeRink.String()
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", c.ID, deref(c.Name), home, state(c.Owner, c.RetiredAt != nil))
		}
	}
	return tw.Flush()
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// multi is a repeatable string flag.
type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

// errRefused marks an import that reported refused lines (exit 1 after
// the report).
var errRefused = errors.New("some lines were refused")

// cmdImport runs `import fixtures|sessions|export`.
func cmdImport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errUsage
	}
	fs := flag.NewFlagSet("import "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	var users multi
	fs.Var(&users, "user", "a user (fixtures: folder name, repeatable; sessions, export: login)")
	rest, err := parseFlags(fs, args[1:])
	if err != nil || len(rest) != 1 {
		return errUsage
	}
	op, err := openOperator(ctx, getenv, stderr)
	if err != nil {
		return err
	}
	defer op.pool.Close()
	switch args[0] {
	case "fixtures":
		rep, err := op.port.ImportFixtures(ctx, rest[0], users)
		for _, w := range rep.Warnings {
			fmt.Fprintln(stderr, "warning:", w)
		}
		if err != nil {
			return err
		}
		for _, l := range rep.Lines() {
			fmt.Fprintln(stdout, l)
		}
		return nil
	case "sessions", "export":
		if len(users) != 1 {
			return fmt.Errorf("import %s: --user LOGIN is required (once)", args[0])
		}
		f, err := os.Open(rest[0])
		if err != nil {
			return err
		}
		defer f.Close()
		if args[0] == "export" {
			rep, err := op.port.ImportDocument(ctx, users[0], f)
			if err != nil {
				return err
			}
			for _, l := range rep.Lines() {
				fmt.Fprintln(stdout, l)
			}
			return nil
		}
		rep, err := op.port.ImportSessions(ctx, users[0], f)
		for _, r := range rep.Rows {
			fmt.Fprintln(stdout, r)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s: %d imported, %d duplicate, %d refused\n", rest[0], rep.Imported, rep.Duplicate, rep.Refused)
		if rep.Refused > 0 {
			return errRefused
		}
		return nil
	}
	return errUsage
}

// cmdExport runs `export --user LOGIN [--format json|csv] [--out FILE]`.
func cmdExport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	login := fs.String("user", "", "the user's login (required)")
	format := fs.String("format", "json", "json (the whole document) or csv (the session log)")
	out := fs.String("out", "", "file to write (default: standard output)")
	if rest, err := parseFlags(fs, args); err != nil || len(rest) != 0 || *login == "" || (*format != "json" && *format != "csv") {
		return errUsage
	}
	op, err := openOperator(ctx, getenv, stderr)
	if err != nil {
		return err
	}
	defer op.pool.Close()
	id, err := op.port.UserID(ctx, *login)
	if err != nil {
		return err
	}
	w := stdout
	if *out != "" {
		f, err := os.OpenFile(*out, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	export := op.port.ExportJSON
	if *format == "csv" {
		export = op.port.ExportCSV
	}
	_, err = export(ctx, id, w)
	return err
}

// cmdUser runs `user delete LOGIN` and `user grant LOGIN ROLE`.
func cmdUser(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) < 2 {
		return errUsage
	}
	op, err := openOperator(ctx, getenv, stderr)
	if err != nil {
		return err
	}
	defer op.pool.Close()
	switch {
	case args[0] == "delete" && len(args) == 2:
		store, err := storage.Open(op.cfg.Storage)
		if err != nil {
			return fmt.Errorf("music storage: %w", err)
		}
		res, err := erasure.New(op.pool, store, op.accounts, op.logger).EraseLogin(ctx, args[1])
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "user %s and all of their data deleted (%d files deleted", res.Login, res.Files)
		if res.FilesPending > 0 {
			fmt.Fprintf(stdout, ", %d left to the storage sweep", res.FilesPending)
		}
		fmt.Fprintln(stdout, ")")
		return nil
	case args[0] == "grant" && len(args) == 3:
		if err := op.accounts.GrantRoleByLogin(ctx, args[1], args[2]); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "user %s now has the role %s\n", args[1], args[2])
		return nil
	}
	return errUsage
}
