package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// childEnv makes the test binary run main() instead of the tests: fault
// tests start the real program as a child process, send it real signals and
// kill it with SIGKILL.
const childEnv = "SKATETRAX_TEST_RUN_MAIN"

// runMainIfChild runs the program when this process is such a child.
func runMainIfChild() {
	if os.Getenv(childEnv) != "1" {
		return
	}
	os.Args = append([]string{"skatetrax"}, strings.Fields(os.Getenv("SKATETRAX_TEST_ARGS"))...)
	main()
	os.Exit(0)
}

// child is the program running in its own process.
type child struct {
	t    *testing.T
	cmd  *exec.Cmd
	URL  string
	mu   sync.Mutex
	logs []map[string]any
	exit chan error
}

// startChild runs `skatetrax serve` with env (on top of a minimal
// environment) and waits until it listens.
func startChild(t *testing.T, env map[string]string) *child {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = []string{childEnv + "=1", "SKATETRAX_TEST_ARGS=serve", "LOG_FORMAT=json", "LOG_LEVEL=debug", "PORT=0",
		"BIND_ADDRESS=127.0.0.1", "PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{t: t, cmd: cmd, exit: make(chan error, 1)}
	listening := make(chan string, 1)
	go c.readLogs(stderr, listening)
	go func() { c.exit <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		select {
		case <-c.exit:
		case <-time.After(10 * time.Second):
		}
	})
	select {
	case addr := <-listening:
		c.URL = "http://" + addr
	case err := <-c.exit:
		c.exit <- err
		t.Fatalf("child exited before listening: %v\n%s", err, c.logText())
	case <-time.After(60 * time.Second):
		t.Fatalf("child did not listen:\n%s", c.logText())
	}
	return c
}

func (c *child) readLogs(r io.Reader, listening chan<- string) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		var m map[string]any
		if json.Unmarshal(sc.Bytes(), &m) != nil {
			m = map[string]any{"msg": sc.Text()}
		}
		c.mu.Lock()
		c.logs = append(c.logs, m)
		c.mu.Unlock()
		if m["msg"] == "listening" {
			if addr, ok := m["addr"].(string); ok {
				listening <- addr
			}
		}
	}
}

// logText is the child's log so far, for failure messages.
func (c *child) logText() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var b strings.Builder
	for _, m := range c.logs {
		raw, _ := json.Marshal(m)
		b.Write(raw)
		b.WriteByte('\n')
	}
	return b.String()
}

// logged reports whether a record with message msg was written.
func (c *child) logged(msg string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, m := range c.logs {
		if m["msg"] == msg {
			return true
		}
	}
	return false
}

// signal sends sig to the child.
func (c *child) signal(sig os.Signal) {
	c.t.Helper()
	if err := c.cmd.Process.Signal(sig); err != nil {
		c.t.Fatal(err)
	}
}

// kill ends the child with SIGKILL (no clean-up runs) and waits for it.
func (c *child) kill() {
	c.t.Helper()
	c.signal(syscall.SIGKILL)
	c.wait()
}

// wait waits for the child to exit and returns its exit code.
func (c *child) wait() int {
	c.t.Helper()
	select {
	case err := <-c.exit:
		c.exit <- err
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		}
		if err != nil {
			c.t.Fatal(err)
		}
		return 0
	case <-time.After(60 * time.Second):
		c.t.Fatalf("child did not exit:\n%s", c.logText())
		return -1
	}
}

// get sends a GET and returns the status, or 0 with the error when no
// answer came.
func (c *child) get(client *http.Client, path string) (int, error) {
	res, err := client.Get(c.URL + path)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, res.Body)
	return res.StatusCode, nil
}

// waitUntil polls cond until it holds, failing after a generous limit.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
