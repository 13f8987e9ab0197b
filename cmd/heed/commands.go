package main

import "github.com/spf13/cobra"

// commands lists heed's subcommands. Each lives in its own file.
func commands() []*cobra.Command {
	return []*cobra.Command{
		newCheckCmd(),
		newBuildCmd(),
		newServeCmd(),
		newTriageCmd(),
		newLoopCmd(),
		newNewCmd(),
		newImportCmd(),
		newSchemaCmd(),
		newInitCmd(),
		newVersionCmd(),
	}
}
