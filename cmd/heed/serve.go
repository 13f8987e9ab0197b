package main

import (
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/heedhq/heed/generator/serve"
)

func newServeCmd() *cobra.Command {
	var bind string
	var port int
	var internal bool
	c := &cobra.Command{
		Use:   "serve [DIR]",
		Short: "Preview the site as you edit, reloaded in the browser",
		Long: `serve builds the site of the feedback repository in DIR (default: the current
folder) in memory and serves it on 127.0.0.1, port 1414 (the next free port
when it is taken); the address is printed. It watches feedback/, themes/,
templates/, heed.yaml and customers.yaml: after each save it re-reads the
files that changed, re-renders the pages they show on, and the pages open in
a browser reload by themselves.

While the repository has errors, every page shows them (file, line and
message) over the last site built without errors; fixing the files clears
them. Git history is read once, when serve starts.

The files served are those heed build writes; the pages only get a small
script that reloads them (and the list of errors) when they are served.
--internal serves the team's view with private feedback and customer names.

Ctrl-C stops the server.`,
		Example: `  heed serve
  heed serve ../feedback --port 8080
  heed serve --internal`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfgPath, _ := cmd.Flags().GetString("config")
			stderr := cmd.ErrOrStderr()
			s, err := serve.New(dirArg(args), serve.Options{Bind: bind, Port: port, Config: cfgPath, Internal: internal, Log: stderr})
			if err != nil {
				return failure(err)
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			fmt.Fprintf(stderr, "heed: serving %s (Ctrl-C to stop)\n", s.URL())
			if ip := net.ParseIP(bind); bind != "" && bind != "localhost" && (ip == nil || !ip.IsLoopback()) {
				fmt.Fprintf(stderr, "heed: listening on %s: other machines can read the site\n", bind)
			}
			if internal {
				fmt.Fprintln(stderr, "heed: this is the internal view with private feedback and customer names")
			}
			if err := s.Serve(ctx); err != nil {
				return failure(err)
			}
			return nil
		},
	}
	c.Flags().IntVar(&port, "port", 1414, "port to listen on (the next free one when it is taken; 0 picks any)")
	c.Flags().StringVar(&bind, "bind", "127.0.0.1", "address to listen on")
	c.Flags().BoolVar(&internal, "internal", false, "serve the team's view with private feedback and customer names")
	return c
}
