package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/heedhq/heed/generator/config"
)

// InitResult lists what Init wrote and what it found and kept.
type InitResult struct {
	Created []string
	Kept    []string
}

// initFiles are the files Init writes, by repository-relative path.
var initFiles = []struct{ path, text string }{
	{"heed.yaml", config.Commented},
	{"customers.yaml", `# Customers: id -> name, segment, plan, revenue (yearly), region, contact.
# Names are published only with publish.customers: true; contact never is.
# acme:
#   name: Acme Corp
#   segment: enterprise
#   plan: enterprise
#   revenue: 120000
#   region: emea
#   contact: jane@acme.example
{}
`},
	{"themes/example-theme.md", `---
title: An example theme
summary: The problem, in your customers' words.
status: exploring
keywords: [example]
---
Describe the problem this theme is about: who has it, when, and what it
costs them. Link feedback to it with "themes: [example-theme]".
`},
	{"feedback/2026-01-01-example-feedback.md", `---
title: An example piece of feedback
date: 2026-01-01
source: other
type: request
themes: [example-theme]
---
The customer's own words go here, as they said them.
`},
	{"site/.gitkeep", ""},
	{".github/workflows/heed-check.yml", checkWorkflow},
	{".github/workflows/heed-pages.yml", pagesWorkflow},
}

// checkWorkflow is the pull request check Init writes: heed check on the
// files a pull request changed, reported as annotations on their lines. It
// runs heed through the heedhq/heed action (action.yml at the root of heed's
// repository).
const checkWorkflow = `# heed check: validates the feedback a pull request adds or changes and
# annotates each problem on its line. Written by heed init; see "Publishing
# from CI" in https://github.com/heedhq/heed#readme.
name: heed check

on:
  pull_request:
    paths:
      - feedback/**
      - themes/**
      - heed.yaml
      - customers.yaml
      - templates/**

permissions:
  contents: read

jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          # All history, so that the pull request's base branch is there to
          # compare against.
          fetch-depth: 0
      - uses: heedhq/heed@v1
        with:
          command: check
          args: --changed-since origin/${{ github.base_ref }} --format github
`

// pagesWorkflow is the publishing workflow Init writes: on every push to
// main it builds the site with heed build and deploys it to GitHub Pages with
// the official upload and deploy actions.
const pagesWorkflow = `# heed pages: builds the roadmap site from main and publishes it on GitHub
# Pages. Set the repository's Settings > Pages > Source to "GitHub Actions".
# Written by heed init; see "Publishing from CI" in
# https://github.com/heedhq/heed#readme.
name: heed pages

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

# One deployment at a time; a running one is finished, not cancelled.
concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          # All history: status timelines and dates on the site come from git.
          fetch-depth: 0
      - id: pages
        uses: actions/configure-pages@v5
      - uses: heedhq/heed@v1
        with:
          command: build
          # The URL Pages serves the site from, such as
          # https://acme.github.io/feedback/, so that links work under a sub-path.
          args: --base-url ${{ steps.pages.outputs.base_url }}
      - uses: actions/upload-pages-artifact@v3
        with:
          path: site/

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
`

// Init makes dir a feedback repository without overwriting anything: the
// content folders with an example each, a commented heed.yaml, an empty
// customers.yaml, site/ ignored by git, and two GitHub Actions workflows (a
// pull request check and GitHub Pages publishing) named heed-*.yml so that
// they sit beside a team's own workflows.
func Init(dir string) (*InitResult, error) {
	if st, err := os.Stat(dir); err != nil {
		return nil, err
	} else if !st.IsDir() {
		return nil, fmt.Errorf("%s is not a folder", dir)
	}
	res := &InitResult{}
	for _, f := range initFiles {
		full := filepath.Join(dir, filepath.FromSlash(f.path))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return res, err
		}
		created, err := createFile(full, []byte(f.text))
		if err != nil {
			return res, fmt.Errorf("%s: %w", f.path, err)
		}
		if created {
			res.Created = append(res.Created, f.path)
		} else {
			res.Kept = append(res.Kept, f.path)
		}
	}
	// site/ holds build output: ignore its contents, keep the folder.
	ignore := filepath.Join(dir, ".gitignore")
	old, err := os.ReadFile(ignore)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return res, err
	}
	if !bytes.Contains(old, []byte("/site/*")) {
		add := "# heed build output\n/site/*\n!/site/.gitkeep\n"
		if len(old) > 0 && !bytes.HasSuffix(old, []byte("\n")) {
			add = "\n" + add
		}
		fh, err := os.OpenFile(ignore, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
		if err != nil {
			return res, err
		}
		_, werr := fh.WriteString(add)
		if cerr := fh.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return res, werr
		}
		if len(old) == 0 {
			res.Created = append(res.Created, ".gitignore")
		} else {
			res.Kept = append(res.Kept, ".gitignore (site/ entry added)")
		}
	} else {
		res.Kept = append(res.Kept, ".gitignore")
	}
	return res, nil
}

// createFile writes data to a new file and reports false, without error,
// when the file exists.
func createFile(path string, data []byte) (bool, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return true, err
	}
	return true, f.Close()
}
