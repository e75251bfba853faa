package inputs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ReadFile reads an input file: a regular file (not a device, FIFO,
// directory or kernel pseudo-file, any of which can block or never end),
// of at most limit bytes, even if it grows while being read. Errors do
// not repeat the path (callers name the file) and keep fs.ErrNotExist
// for errors.Is.
func ReadFile(path string, limit int64) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, withoutPath(err)
	}
	if real, err := filepath.EvalSymlinks(path); err == nil {
		if abs, err := filepath.Abs(real); err == nil && kernelFile(abs) {
			// procfs and sysfs files claim to be regular files of size 0;
			// some block when read (/proc/kmsg)
			return nil, errors.New("not a regular file (a kernel pseudo-file)")
		}
	}
	if !st.Mode().IsRegular() {
		if st.IsDir() {
			return nil, errors.New("is a directory, not a file")
		}
		return nil, errors.New("not a regular file")
	}
	if st.Size() > limit {
		return nil, fmt.Errorf("%w (%d bytes, limit %d)", ErrTooLarge, st.Size(), limit)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, withoutPath(err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, withoutPath(err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%w (limit %d bytes)", ErrTooLarge, limit)
	}
	return data, nil
}

// kernelFile reports whether a path lies in /proc or /sys.
func kernelFile(p string) bool {
	for _, dir := range []string{"/proc", "/sys"} {
		if p == dir || strings.HasPrefix(p, dir+"/") {
			return true
		}
	}
	return false
}

// withoutPath drops the path an *fs.PathError repeats, keeping its cause.
func withoutPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
