//go:build !linux

package source

// renameNoReplace moves a file to a new name unless that name exists.
func renameNoReplace(oldpath, newpath string) error { return linkNoReplace(oldpath, newpath) }
