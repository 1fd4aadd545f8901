package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/skatetrax/skatetrax-api/internal/auth/token"
	"github.com/skatetrax/skatetrax-api/internal/testdb"
)

func TestMain(m *testing.M) {
	runMainIfChild()
	testdb.Main(m)
}

func TestInviteCommands(t *testing.T) {
	pool, url := testdb.NewWithURL(t)
	env := map[string]string{"DATABASE_URL": url, "FLASK_SECRET_KEY": strings.Repeat("x", 40)}
	cli := func(args ...string) (string, error) {
		var out, errOut bytes.Buffer
		err := run(context.Background(), args, func(k string) string { return env[k] }, &out, &errOut)
		return out.String(), err
	}
	out, err := cli("invite", "create", "--uses", "3", "--expires", "48h", "--note", "LTS class")
	if err != nil {
		t.Fatal(err)
	}
	tok := regexp.MustCompile(`(?m)^  (\S{43})$`).FindStringSubmatch(out)
	if tok == nil {
		t.Fatalf("no token in:\n%s", out)
	}
	var maxUses int
	var note string
	var expires bool
	err = pool.QueryRow(t.Context(), `SELECT max_uses, note, expires_at > now() AT TIME ZONE 'UTC' + interval '47 hours'
		FROM invite_tokens WHERE token_sha256 = $1`, token.Digest(tok[1])).Scan(&maxUses, &note, &expires)
	if err != nil || maxUses != 3 || note != "LTS class" || !expires {
		t.Fatalf("stored invite: %d %q %v %v", maxUses, note, expires, err)
	}
	list, err := cli("invite", "list")
	if err != nil || !strings.Contains(list, "0/3") || !strings.Contains(list, "usable") || strings.Contains(list, tok[1]) {
		t.Fatalf("list:\n%s %v", list, err)
	}
	if _, err := cli("invite", "revoke", "1"); err != nil {
		t.Fatal(err)
	}
	if list, _ = cli("invite", "list"); !strings.Contains(list, "revoked") {
		t.Errorf("after revoke:\n%s", list)
	}
	if _, err := cli("invite", "revoke", "999"); err == nil {
		t.Error("revoking an unknown invite succeeded")
	}
	if _, err := cli("invite", "create", "--uses", "-1"); err == nil {
		t.Error("negative uses accepted")
	}
	if _, err := cli("invite", "frobnicate"); err != errUsage {
		t.Errorf("unknown subcommand: %v", err)
	}
}

func TestMigrateCommand(t *testing.T) {
	_, url := testdb.NewWithURL(t)
	env := map[string]string{"DATABASE_URL": url}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"migrate", "status"}, func(k string) string { return env[k] }, &out, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "00001  applied") || strings.Contains(out.String(), "pending") {
		t.Errorf("status:\n%s", out.String())
	}
	if err := run(context.Background(), []string{"serve"}, func(string) string { return "" }, &out, &bytes.Buffer{}); err == nil ||
		!strings.Contains(err.Error(), "no database configured") {
		t.Errorf("serve without a database: %v", err)
	}
	prod := map[string]string{"FLASK_ENV": "production", "DATABASE_URL": url}
	if err := run(context.Background(), []string{"serve"}, func(k string) string { return prod[k] }, &out, &bytes.Buffer{}); err == nil ||
		!strings.Contains(err.Error(), "FLASK_SECRET_KEY") {
		t.Errorf("production without a key: %v", err)
	}
}
