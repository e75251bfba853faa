package authz

import (
	"io"
	"os"
	"sync"
	"sync/atomic"
)

// DecisionLog writes records as JSON lines through a bounded queue and
// one writer goroutine: a slow or failing destination never blocks or
// fails a decision. Records that do not fit in the queue, or whose write
// fails, are dropped and counted.
type DecisionLog struct {
	queue   chan Record
	done    chan struct{}
	mu      sync.Mutex // guards w across Reopen
	w       io.Writer
	path    string
	dropped atomic.Uint64
	written atomic.Uint64
	closeMu sync.RWMutex
	closed  bool
}

// DefaultLogQueue is the number of records the queue holds.
const DefaultLogQueue = 4096

// NewDecisionLog writes to w (queue records at most).
func NewDecisionLog(w io.Writer, queue int) *DecisionLog {
	if queue <= 0 {
		queue = DefaultLogQueue
	}
	l := &DecisionLog{queue: make(chan Record, queue), done: make(chan struct{}), w: w}
	go l.run()
	return l
}

// OpenDecisionLog appends to the file at path (created 0600), reopened by
// Reopen after log rotation.
func OpenDecisionLog(path string, queue int) (*DecisionLog, error) {
	f, err := openLog(path)
	if err != nil {
		return nil, err
	}
	l := NewDecisionLog(f, queue)
	l.path = path
	return l, nil
}

func openLog(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
}

// Log queues a record; it never blocks.
func (l *DecisionLog) Log(r Record) {
	if l == nil {
		return
	}
	l.closeMu.RLock()
	defer l.closeMu.RUnlock()
	if l.closed {
		l.dropped.Add(1)
		return
	}
	select {
	case l.queue <- r:
	default:
		l.dropped.Add(1)
	}
}

// Dropped is the number of records lost so far.
func (l *DecisionLog) Dropped() uint64 {
	if l == nil {
		return 0
	}
	return l.dropped.Load()
}

// Written is the number of records written so far.
func (l *DecisionLog) Written() uint64 {
	if l == nil {
		return 0
	}
	return l.written.Load()
}

// Reopen reopens a file log at its path (after logrotate moved it).
func (l *DecisionLog) Reopen() error {
	if l == nil || l.path == "" {
		return nil
	}
	f, err := openLog(l.path)
	if err != nil {
		return err
	}
	l.mu.Lock()
	old := l.w
	l.w = f
	l.mu.Unlock()
	if c, ok := old.(io.Closer); ok {
		c.Close()
	}
	return nil
}

// Close writes what is queued and stops the writer.
func (l *DecisionLog) Close() error {
	if l == nil {
		return nil
	}
	l.closeMu.Lock()
	if l.closed {
		l.closeMu.Unlock()
		return nil
	}
	l.closed = true
	close(l.queue)
	l.closeMu.Unlock()
	<-l.done
	l.mu.Lock()
	defer l.mu.Unlock()
	if c, ok := l.w.(io.Closer); ok && l.path != "" {
		return c.Close()
	}
	return nil
}

func (l *DecisionLog) run() {
	defer close(l.done)
	var line []byte // reused: the writer is one goroutine
	for r := range l.queue {
		var err error
		line, err = appendRecord(line[:0], &r)
		if err != nil {
			l.dropped.Add(1)
			continue
		}
		line = append(line, '\n')
		l.mu.Lock()
		_, err = l.w.Write(line)
		l.mu.Unlock()
		if err != nil {
			l.dropped.Add(1)
			continue
		}
		l.written.Add(1)
	}
}
