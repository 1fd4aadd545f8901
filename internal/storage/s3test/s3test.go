// Package s3test runs a real S3-compatible server on 127.0.0.1 for tests:
// Versity Gateway (versitygw, Apache-2.0) by default, or SeaweedFS when
// S3TEST_SERVER=seaweedfs. install.sh beside this file installs versitygw.
//
// Start skips the test when the server binary is missing, except under CI
// (CI set), where a missing binary fails the test so that CI cannot pass
// without exercising the S3 backend.
package s3test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// Server is a running S3-compatible server that only this test uses.
type Server struct {
	Name      string // "versitygw" or "seaweedfs"
	Endpoint  string // http://127.0.0.1:<port>
	Region    string
	AccessKey string
	SecretKey string

	client *minio.Client
}

// Start runs a server in a temporary folder and stops it when t ends.
func Start(t testing.TB) *Server {
	t.Helper()
	kind := os.Getenv("S3TEST_SERVER")
	if kind == "" {
		kind = "versitygw"
	}
	spec, ok := serverFor(kind)
	if !ok {
		t.Fatalf("S3TEST_SERVER=%q: want versitygw or seaweedfs", kind)
	}
	bin, err := findBinary(spec.binary, spec.envPath)
	if err != nil {
		msg := fmt.Sprintf("s3test: %s not found (%v); %s", spec.binary, err, spec.install)
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}

	s := &Server{Name: kind, Region: "us-east-1", AccessKey: "s3test" + randHex(6), SecretKey: randHex(20)}
	dir := t.TempDir()
	// A port picked here may be taken before the server binds it; try again.
	var lastErr error
	for range 3 {
		ports, err := freePorts(spec.ports)
		if err != nil {
			t.Fatal(err)
		}
		args, err := spec.args(dir, ports, s)
		if err != nil {
			t.Fatal(err)
		}
		s.Endpoint = fmt.Sprintf("http://127.0.0.1:%d", ports[0])
		if spec.leftovers != nil {
			t.Cleanup(func() {
				for _, f := range spec.leftovers(ports) {
					_ = os.Remove(f)
				}
			})
		}
		if lastErr = s.run(t, bin, args, ports[0], spec.startTimeout); lastErr == nil {
			return s
		}
	}
	t.Fatalf("s3test: start %s: %v", kind, lastErr)
	return nil
}

// Client returns a client with the server's root credentials, for checks
// that go behind the code under test.
func (s *Server) Client() *minio.Client { return s.client }

// NewBucket creates an empty bucket with a random name and returns its name.
func (s *Server) NewBucket(t testing.TB) string {
	t.Helper()
	name := "test-" + randHex(8)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// SeaweedFS may still be wiring its filer to the S3 gateway just after
	// the port opens; retry briefly.
	var err error
	for range 50 {
		if err = s.client.MakeBucket(ctx, name, minio.MakeBucketOptions{Region: s.Region}); err == nil {
			return name
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("s3test: create bucket %s: %v", name, err)
	return ""
}

type serverSpec struct {
	binary       string
	envPath      string // variable that may name the binary
	install      string // how to get the binary
	ports        int    // the first is the S3 port
	startTimeout time.Duration
	args         func(dir string, ports []int, s *Server) ([]string, error)
	// leftovers lists files the server leaves outside its folder.
	leftovers func(ports []int) []string
}

// serverFor describes how to run each supported server.
func serverFor(kind string) (serverSpec, bool) {
	switch kind {
	case "versitygw":
		return serverSpec{
			binary: "versitygw", envPath: "VERSITYGW_BIN", ports: 1, startTimeout: 20 * time.Second,
			install: "install it with: bash internal/storage/s3test/install.sh",
			args: func(dir string, ports []int, s *Server) ([]string, error) {
				return []string{
					"--port", fmt.Sprintf("127.0.0.1:%d", ports[0]),
					"--access", s.AccessKey, "--secret", s.SecretKey, "--region", s.Region,
					"--quiet", "posix", dir,
				}, nil
			},
		}, true
	case "seaweedfs":
		return serverSpec{
			binary: "weed", envPath: "WEED_BIN", ports: 8, startTimeout: 90 * time.Second,
			install: "build it as install.sh describes and set WEED_BIN",
			args: func(dir string, p []int, s *Server) ([]string, error) {
				conf := fmt.Sprintf(`{"identities":[{"name":"test","credentials":[{"accessKey":%q,"secretKey":%q}],"actions":["Admin","Read","List","Tagging","Write"]}]}`, s.AccessKey, s.SecretKey)
				confPath := filepath.Join(dir, "s3.json")
				if err := os.WriteFile(confPath, []byte(conf), 0o600); err != nil {
					return nil, err
				}
				data := filepath.Join(dir, "data")
				if err := os.MkdirAll(data, 0o750); err != nil {
					return nil, err
				}
				return []string{
					"server", "-dir=" + data, "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
					"-master.telemetry=false", // no traffic off this machine
					fmt.Sprintf("-s3.port=%d", p[0]), fmt.Sprintf("-s3.port.grpc=%d", p[1]),
					fmt.Sprintf("-master.port=%d", p[2]), fmt.Sprintf("-master.port.grpc=%d", p[3]),
					fmt.Sprintf("-volume.port=%d", p[4]), fmt.Sprintf("-volume.port.grpc=%d", p[5]),
					fmt.Sprintf("-filer.port=%d", p[6]), fmt.Sprintf("-filer.port.grpc=%d", p[7]),
					"-debug.port=0", "-s3.port.iceberg=0", "-s3.port.lance=0",
					"-volume.max=200", "-master.volumeSizeLimitMB=16", "-volume.preStopSeconds=0",
					"-filer", "-s3", "-s3.config=" + confPath,
				}, nil
			},
			// Its gRPC sockets go to /tmp whatever TMPDIR says.
			leftovers: func(ports []int) []string {
				var out []string
				for _, p := range ports {
					for _, role := range []string{"master", "volume", "filer", "s3"} {
						out = append(out, fmt.Sprintf("/tmp/seaweedfs-%s-grpc-%d.sock", role, p), fmt.Sprintf("/tmp/seaweedfs-%s-%d.sock", role, p))
					}
				}
				return out
			},
		}, true
	}
	return serverSpec{}, false
}

// run starts the binary and waits until it answers S3 requests.
func (s *Server) run(t testing.TB, bin string, args []string, port int, timeout time.Duration) error {
	var logs syncBuffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &logs, &logs
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stop := func() {
		// The whole process group: SeaweedFS runs everything in one process,
		// but be sure nothing outlives the test.
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
		}
	}

	client, err := minio.New(fmt.Sprintf("127.0.0.1:%d", port), &minio.Options{
		Creds:        credentials.NewStaticV4(s.AccessKey, s.SecretKey, ""),
		Region:       s.Region,
		BucketLookup: minio.BucketLookupPath,
	})
	if err != nil {
		stop()
		return err
	}
	deadline := time.Now().Add(timeout)
	for {
		select {
		case err := <-exited:
			return fmt.Errorf("exited early (%v):\n%s", err, logs.String())
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		_, err := client.ListBuckets(ctx)
		cancel()
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			stop()
			return fmt.Errorf("not ready after %v (last error: %v):\n%s", timeout, err, logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.client = client
	t.Cleanup(func() {
		stop()
		if t.Failed() {
			t.Logf("s3test: %s log:\n%s", s.Name, logs.String())
		}
	})
	return nil
}

// findBinary looks in $envVar, then PATH, then where `go install` puts
// binaries ($GOBIN, else $GOPATH/bin, else ~/go/bin).
func findBinary(name, envVar string) (string, error) {
	if p := os.Getenv(envVar); p != "" {
		return p, nil
	}
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	var dirs []string
	if d := os.Getenv("GOBIN"); d != "" {
		dirs = append(dirs, d)
	}
	if gp := os.Getenv("GOPATH"); gp != "" {
		for _, d := range filepath.SplitList(gp) {
			dirs = append(dirs, filepath.Join(d, "bin"))
		}
	}
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(home, "go", "bin"))
	}
	for _, d := range dirs {
		p := filepath.Join(d, name)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	return "", fmt.Errorf("not in $%s, PATH or %s", envVar, strings.Join(dirs, ", "))
}

// freePorts asks the kernel for n unused loopback ports, holding them all
// open until every one is chosen so that none repeats.
func freePorts(n int) ([]int, error) {
	ports := make([]int, 0, n)
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("s3test: pick a port: %w", err)
		}
		defer l.Close()
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

func randHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// syncBuffer collects a child's output from two pipes at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.b.Len() > 1<<20 {
		return len(p), nil // keep the start; enough to diagnose
	}
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
