package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// memWatch samples the resident memory of a process every interval and
// keeps the peak of each phase of the benchmark.
type memWatch struct {
	pid   int
	mu    sync.Mutex
	phase string
	peaks map[string]int64 // phase -> peak VmRSS in kB
	order []string
	stop  chan struct{}
	done  chan struct{}
}

func watchMemory(pid int, interval time.Duration) *memWatch {
	w := &memWatch{pid: pid, phase: "start", peaks: map[string]int64{}, order: []string{"start"},
		stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			if rss, err := procStatus(pid, "VmRSS"); err == nil {
				w.mu.Lock()
				w.peaks[w.phase] = max(w.peaks[w.phase], rss)
				w.mu.Unlock()
			}
			select {
			case <-w.stop:
				return
			case <-t.C:
			}
		}
	}()
	return w
}

// setPhase starts a new phase: later samples count towards it.
func (w *memWatch) setPhase(name string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.phase = name
	if _, ok := w.peaks[name]; !ok {
		w.order = append(w.order, name)
	}
}

// peak returns the highest sample of the phase, and of all phases.
func (w *memWatch) peak(phase string) (int64, int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	var all int64
	for _, v := range w.peaks {
		all = max(all, v)
	}
	return w.peaks[phase], all
}

func (w *memWatch) close() {
	close(w.stop)
	<-w.done
}

// procStatus reads one "Name: N kB" field of /proc/<pid>/status, in kB.
func procStatus(pid int, field string) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok || name != field {
			continue
		}
		return strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, fmt.Errorf("%s not in /proc/%d/status", field, pid)
}

func mb(kb int64) float64 { return float64(kb) / 1024 }
