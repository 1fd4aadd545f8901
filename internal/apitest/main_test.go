package apitest_test

import (
	"testing"

	"github.com/skatetrax/skatetrax-api/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }
