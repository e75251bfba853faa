package authz_test

import (
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	code := m.Run()
	stopEngine()
	os.Exit(code)
}
