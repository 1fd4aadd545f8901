package apitest_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
	"github.com/skatetrax/skatetrax-api/internal/testdb"
)

// repoRoot is the checkout this package lives in.
const repoRoot = "../.."

// shellBlocks returns the ```sh blocks of a Markdown file that call the API
// (```text blocks are shown, not run).
func shellBlocks(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out, block []string
	in := false
	for _, line := range strings.Split(string(b), "\n") {
		switch {
		case !in && (line == "```sh" || line == "```bash"):
			in, block = true, nil
		case in && strings.HasPrefix(line, "```"):
			in = false
			// Only walkthroughs (blocks that call the API) run; `make run` is the server itself.
			if text := strings.Join(block, "\n"); strings.Contains(text, "curl ") {
				out = append(out, text)
			}
		case in:
			block = append(block, line)
		}
	}
	return strings.Join(out, "\n")
}

var documentedStatus = regexp.MustCompile(`^#\s*(?:->\s*)?(?:HTTP/1\.1\s+)?([1-5][0-9]{2})\b`)

// expectStatuses prefixes each plain `curl` command whose first comment
// line documents a status (`# 400 {...}`, `# HTTP/1.1 416 ...`) with
// EXPECT_STATUS, so the walkthrough checks the answer it shows.
func expectStatuses(script string) string {
	lines := strings.Split(script, "\n")
	for i := 0; i < len(lines); i++ {
		if !strings.HasPrefix(lines[i], "curl ") {
			continue
		}
		j := i + 1
		for j < len(lines) && (strings.HasPrefix(lines[j], " ") || strings.HasSuffix(lines[j-1], "\\")) && lines[j] != "" {
			j++
		}
		if j < len(lines) {
			if m := documentedStatus.FindStringSubmatch(strings.TrimSpace(lines[j])); m != nil {
				lines[i] = "EXPECT_STATUS=" + m[1] + " " + lines[i]
			}
		}
	}
	return strings.Join(lines, "\n")
}

// The walkthrough's curl: every answer is the documented status (2xx when
// none is shown); go run ./cmd/skatetrax is the binary built for the test.
const docsPrelude = `set -euo pipefail
curl() {
  local errf rc=0 status want="${EXPECT_STATUS:-2xx}"
  errf=$(mktemp)
  command curl -w '%{stderr}@@STATUS %{http_code}\n' "$@" 2>"$errf" || rc=$?
  status=$(sed -n 's/^@@STATUS //p' "$errf" | tail -n 1)
  grep -v '^@@STATUS ' "$errf" >&2 || true
  rm -f "$errf"
  if [[ $rc -ne 0 ]] || { [[ $want == 2xx ]] && [[ $status != 2* ]]; } || { [[ $want != 2xx ]] && [[ $status != "$want" ]]; }; then
    echo "curl $* answered ${status:-nothing} (exit $rc), the doc says $want" >>"$DOCS_FAILURES"
    return 1
  fi
}
go() {
  if [[ "${1:-} ${2:-}" == "run ./cmd/skatetrax" ]]; then shift 2; "$SKATETRAX_BIN" "$@"; else command go "$@"; fi
}
`

// Every curl walkthrough in README.md and docs/*.md runs as written against
// a real server, in the order written, with the one demo account.
func TestDocsWalkthroughsRun(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("curl"); err != nil {
		t.Fatal("the docs walkthroughs need curl")
	}
	if _, err := exec.LookPath("jq"); err != nil {
		t.Fatal("the docs walkthroughs need jq")
	}
	bin := filepath.Join(t.TempDir(), "skatetrax")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/skatetrax/skatetrax-api/cmd/skatetrax").CombinedOutput(); err != nil {
		t.Fatalf("build skatetrax: %v\n%s", err, out)
	}
	docs, _ := filepath.Glob(filepath.Join(repoRoot, "docs", "*.md"))
	for _, path := range append([]string{filepath.Join(repoRoot, "README.md")}, docs...) {
		script := shellBlocks(t, path)
		if !strings.Contains(script, "curl ") {
			continue
		}
		t.Run(filepath.Base(path), func(t *testing.T) {
			t.Parallel()
			pool, dbURL := testdb.NewWithURL(t)
			s := apitest.New(t, apitest.Options{Pool: pool})
			// The demo account exists already unless the guide registers it itself
			// (a guide may register other accounts, such as a coach).
			if !registersDemo.MatchString(script) {
				seedDemo(t, s)
			}
			dir := t.TempDir()
			mp3, err := os.ReadFile(filepath.Join(repoRoot, "internal", "audio", "testdata", "tone-cbr-id3.mp3"))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "program.mp3"), mp3, 0o600); err != nil {
				t.Fatal(err)
			}
			failures := filepath.Join(dir, "failures")
			host := strings.TrimPrefix(s.URL, "http://")
			body := strings.ReplaceAll(expectStatuses(script), "localhost:5000", host)
			cmd := exec.Command("bash", "-c", docsPrelude+body)
			cmd.Dir = dir
			cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "DATABASE_URL=" + dbURL,
				"SKATETRAX_BIN=" + bin, "DOCS_FAILURES=" + failures}
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			err = cmd.Run()
			failed, _ := os.ReadFile(failures)
			if err != nil || len(failed) > 0 {
				t.Errorf("%s: the walkthrough fails (%v):\n%s\noutput:\n%s", path, err, failed, tail(out.String(), 3000))
			}
		})
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// registersDemo finds a guide's registration of the demo account.
var registersDemo = regexp.MustCompile(`(?s)/auth/register\b[^\n]*(?:\\\n[^\n]*)?"aLogin":"` + demoLogin + `"`)

// seedDemo creates the onboarded demo account the guides log in with.
func seedDemo(t *testing.T, s *apitest.Server) {
	t.Helper()
	c := s.Client()
	c.Post("/api/v4/auth/register", map[string]any{"aLogin": demoLogin, "aEmail": "jane@example.com",
		"aPasswordHash": demoPassword, "invite_token": s.Invite(1)}).Expect(200)
	c.Post("/api/v4/auth/login", map[string]any{"aLogin": demoLogin, "aPasswordHash": demoPassword}).Expect(200)
	c.Post("/api/v4/auth/onboard", map[string]any{"first_name": "Jane", "last_name": "Doe", "timezone": "America/New_York"}).Expect(200)
}

var citedPath = regexp.MustCompile("`((?:api|cmd|contract|docs|gen|internal|sql)/[A-Za-z0-9_./-]+)`")

// The docs cite only files that exist in this repository.
func TestDocsCiteOnlyRepositoryFiles(t *testing.T) {
	t.Parallel()
	docs, _ := filepath.Glob(filepath.Join(repoRoot, "docs", "*.md"))
	for _, path := range append([]string{filepath.Join(repoRoot, "README.md")}, docs...) {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range citedPath.FindAllStringSubmatch(string(b), -1) {
			p := strings.TrimRight(m[1], ".,:")
			if strings.ContainsAny(p, "*<>{}") {
				continue // a pattern, not a file
			}
			if i := strings.LastIndex(p, "."); i > strings.LastIndex(p, "/") && p[i+1:] != "" && p[i+1] >= 'A' && p[i+1] <= 'Z' {
				p = p[:i] // package.Identifier: the package folder
			}
			if _, err := os.Stat(filepath.Join(repoRoot, p)); err != nil {
				t.Errorf("%s cites %s, which is not in the repository", filepath.Base(path), p)
			}
		}
		for _, outside := range []string{"shared/spec/", "../shared/", "/work/"} {
			if bytes.Contains(b, []byte(outside)) {
				t.Errorf("%s cites %q, outside the repository", filepath.Base(path), outside)
			}
		}
	}
}
