//go:build !unix

package safefile

import "io/fs"

// keepOwner does nothing where files have no numeric owners.
func keepOwner(string, fs.FileInfo) {}
