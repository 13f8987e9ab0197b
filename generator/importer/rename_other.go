//go:build !linux

package importer

// renameNoReplace moves a file to a new name unless that name exists.
func renameNoReplace(oldpath, newpath string) error { return linkNoReplace(oldpath, newpath) }
