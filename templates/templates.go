// Package templates holds heed's default site templates and assets,
// embedded in the binary. A repository overrides any of them with a file of
// the same name under its own templates/ folder.
//
// Layout of the folder:
//
//	base.html           the page layout: head, header, navigation, footer
//	<page>.html         one file per kind of page, each defining "main"
//	partials/*.html     pieces shared by pages: cards, charts, quotes
//	assets/*            files copied to the site's assets/ folder
package templates

import (
	"embed"
	"io/fs"
)

//go:embed *.html partials/*.html assets/*
var files embed.FS

// FS returns the embedded templates and assets, with paths relative to this
// folder ("base.html", "partials/card.html", "assets/site.css").
func FS() fs.FS { return files }
