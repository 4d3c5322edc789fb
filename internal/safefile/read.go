package safefile

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// NotRegularError is a path that is not a regular file: reading a named
// pipe blocks until something writes to it, and a device such as
// /dev/zero never ends.
type NotRegularError struct {
	// Kind is what the path is instead: dir, pipe, device, socket or other.
	Kind string
}

func (e *NotRegularError) Error() string { return "not a regular file: " + e.Kind }

// Kind says what a file that is not a regular file is.
func Kind(info fs.FileInfo) string {
	switch {
	case info.IsDir():
		return "dir"
	case info.Mode()&fs.ModeNamedPipe != 0:
		return "pipe"
	case info.Mode()&fs.ModeDevice != 0:
		return "device"
	case info.Mode()&fs.ModeSocket != 0:
		return "socket"
	}
	return "other"
}

// Regular is nil for a regular file, else a *NotRegularError saying what
// it is instead.
func Regular(info fs.FileInfo) error {
	if !info.Mode().IsRegular() {
		return &NotRegularError{Kind(info)}
	}
	return nil
}

// ReadFS reads name from fsys: only a regular file, and at most max bytes.
// A larger file gives nil data, no error and the size seen, so that the
// caller can say how large it is; the limit holds even if the file grows
// while it is read.
func ReadFS(fsys fs.FS, name string, max int64) ([]byte, int64, error) {
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, 0, err
	}
	if err := Regular(info); err != nil {
		return nil, 0, err
	}
	if info.Size() > max {
		return nil, info.Size(), nil
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	// One allocation of the right size.
	data := make([]byte, 0, info.Size()+1)
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := f.Read(data[len(data):min(int64(cap(data)), max+1)])
		data = data[:len(data)+n]
		if int64(len(data)) > max {
			return nil, int64(len(data)), nil
		}
		if err == io.EOF {
			return data, int64(len(data)), nil
		}
		if err != nil {
			return nil, 0, err
		}
	}
}

// Read is ReadFS for a path on disk, following symbolic links.
func Read(path string, max int64) ([]byte, int64, error) {
	return ReadFS(os.DirFS(filepath.Dir(path)), filepath.Base(path), max)
}
