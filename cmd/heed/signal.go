package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/heedhq/heed/generator/output"
)

// interruptible returns a context that is done when the process is asked
// to stop (Ctrl-C, SIGTERM), so that a command can remove what it was
// writing before it exits. A second signal stops the process at once, as
// signals do by default; stop must be called when the command ends.
func interruptible(parent context.Context) (ctx context.Context, stop func()) {
	ctx, stop = signal.NotifyContext(parent, os.Interrupt, syscall.SIGTERM)
	// Once the first signal is caught, the next one is the default's.
	context.AfterFunc(ctx, stop)
	return ctx, stop
}

// stepHookKey is the context key of a function that tests call between the
// steps of publishing a site (see output.Step), with the command's context.
type stepHookKey struct{}

// stepHook returns the publish hook a test put in the command's context,
// bound to ctx, or nil.
func stepHook(parent, ctx context.Context) func(output.Step) {
	h, ok := parent.Value(stepHookKey{}).(func(context.Context, output.Step))
	if !ok {
		return nil
	}
	return func(s output.Step) { h(ctx, s) }
}
