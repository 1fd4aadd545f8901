package pgcluster

import (
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
)

// Blocker names the first folder on the way to dir that the postgres user
// (which the server runs as when the caller is root) cannot enter, or ""
// when it can reach dir, or when the caller is not root (then the server
// runs as the caller). A checkout inside root's home (mode 700) is the usual
// case: initdb would fail there with "permission denied".
func Blocker(dir string) (string, error) {
	if os.Geteuid() != 0 {
		return "", nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return "", fmt.Errorf("running as root needs a `postgres` system user: %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("resolve %s: %w", dir, err)
	}
	// Every existing ancestor must be searchable by postgres; dir itself is
	// created or handed over (chown) by Start.
	for p := filepath.Dir(abs); ; p = filepath.Dir(p) {
		if !searchable(p, uid, gid) {
			return p, nil
		}
		if p == filepath.Dir(p) {
			return "", nil
		}
	}
}

func searchable(p string, uid, gid int) bool {
	fi, err := os.Stat(p)
	if err != nil {
		return true // does not exist yet: MkdirAll creates it 0700 below a reachable parent
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return true
	}
	mode := fi.Mode().Perm()
	switch {
	case int(st.Uid) == uid:
		return mode&0o100 != 0
	case int(st.Gid) == gid:
		return mode&0o010 != 0
	default:
		return mode&0o001 != 0
	}
}
