package flock

import (
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
)

func TestAcquireExcludes(t *testing.T) {
	if !Supported {
		t.Skip("no file locks on this platform")
	}
	path := filepath.Join(t.TempDir(), ".site.lock")
	var inside, most atomic.Int32
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				l, err := Acquire(path, nil)
				if err != nil {
					t.Error(err)
					return
				}
				n := inside.Add(1)
				if n > most.Load() {
					most.Store(n)
				}
				inside.Add(-1)
				l.Unlock()
			}
		})
	}
	wg.Wait()
	if most.Load() != 1 {
		t.Errorf("%d holders at once, want 1", most.Load())
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("the lock file is left behind: %v", err)
	}
}

func TestAcquireWaits(t *testing.T) {
	if !Supported {
		t.Skip("no file locks on this platform")
	}
	path := filepath.Join(t.TempDir(), ".site.lock")
	first, err := Acquire(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	told := make(chan struct{})
	got := make(chan *Lock)
	go func() {
		l, err := Acquire(path, func() { close(told) })
		if err != nil {
			t.Error(err)
		}
		got <- l
	}()
	<-told // the second waits, and says so, while the first holds the lock
	select {
	case <-got:
		t.Fatal("the lock was taken twice")
	default:
	}
	first.Unlock() // removes the file the second is waiting on
	second := <-got
	if second == nil {
		t.Fatal("no lock")
	}
	if _, ok, err := TryAcquire(path); ok || err != nil {
		t.Errorf("TryAcquire on a held lock: ok %v, err %v", ok, err)
	}
	second.Release()
	l, ok, err := TryAcquire(path)
	if !ok || err != nil {
		t.Fatalf("TryAcquire on a released lock: ok %v, err %v", ok, err)
	}
	l.Unlock()
}
