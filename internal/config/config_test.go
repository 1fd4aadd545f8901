package config

import (
	"strings"
	"testing"
	"time"
)

func load(env map[string]string) (Config, []string, error) {
	return Load(func(k string) string { return env[k] })
}

func TestDefaults(t *testing.T) {
	c, warns, err := load(map[string]string{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Port != 5000 || c.DatabaseURL != "" || c.CookieSecure || c.Mail.Enabled() || c.ResetURLBase != "http://localhost:5000"+DefaultResetPath || !c.ResetURLDefaulted ||
		c.SessionIdle != DefaultSessionIdle || c.SessionMaxAge != DefaultSessionMaxAge || c.MaxBodyBytes != DefaultMaxBodyBytes {
		t.Errorf("defaults: %+v", c)
	}
	if !c.EphemeralKey || len(c.SecretKey) < 32 {
		t.Error("development without FLASK_SECRET_KEY must get a random key")
	}
	if len(warns) == 0 || !strings.Contains(strings.Join(warns, "\n"), "FLASK_SECRET_KEY") {
		t.Errorf("no warning about the ephemeral key: %v", warns)
	}
	other, _, _ := load(map[string]string{})
	if string(other.SecretKey) == string(c.SecretKey) {
		t.Error("ephemeral keys repeat")
	}
}

func TestProductionNeedsSecretKey(t *testing.T) {
	_, _, err := load(map[string]string{"FLASK_ENV": "production"})
	if err == nil || !strings.Contains(err.Error(), "FLASK_SECRET_KEY must be set in production") {
		t.Fatalf("err = %v", err)
	}
	c, _, err := load(map[string]string{"FLASK_ENV": "production", "FLASK_SECRET_KEY": strings.Repeat("k", 40)})
	if err != nil || !c.Production || c.EphemeralKey {
		t.Fatalf("production with a key: %+v %v", c, err)
	}
}

func TestDatabaseURL(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		want string
		err  string
	}{
		{"database_url_is_used_as_is", map[string]string{"DATABASE_URL": "postgres://u:p@h/db"}, "postgres://u:p@h/db", ""},
		{"pgdb_parts_are_escaped_into_a_url",
			map[string]string{"PGDB_HOST": "db.example.com:6543", "PGDB_NAME": "skatetrax", "PGDB_USER": "st", "PGDB_PASSWORD": "p@ss/word"},
			"postgres://st:p%40ss%2Fword@db.example.com:6543/skatetrax", ""},
		{"pgdb_sslmode_becomes_a_parameter",
			map[string]string{"PGDB_HOST": "h", "PGDB_NAME": "n", "PGDB_USER": "u", "PGDB_PASSWORD": "p", "PGDB_SSLMODE": "require"},
			"postgres://u:p@h/n?sslmode=require", ""},
		{"missing_pgdb_parts_are_named", map[string]string{"PGDB_HOST": "h"}, "", "PGDB_NAME, PGDB_USER"},
		{"unknown_sslmode_is_refused",
			map[string]string{"PGDB_HOST": "h", "PGDB_NAME": "n", "PGDB_USER": "u", "PGDB_SSLMODE": "sometimes"}, "", "PGDB_SSLMODE"},
		{"non_postgres_url_is_refused", map[string]string{"DATABASE_URL": "mysql://x"}, "", "DATABASE_URL"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, _, err := load(tc.env)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Errorf("%v: err %v, want %q", tc.env, err, tc.err)
				}
				return
			}
			if err != nil || c.DatabaseURL != tc.want {
				t.Errorf("%v: %q %v, want %q", tc.env, c.DatabaseURL, err, tc.want)
			}
		})
	}
}

func TestInvalidValuesAreAllReported(t *testing.T) {
	_, _, err := load(map[string]string{
		"PORT": "eighty", "SESSION_COOKIE_SECURE": "maybe", "MAIL_SERVER": "smtp.example.com", "MAIL_USE_TLS": "true",
		"MAIL_USE_SSL": "true", "MAIL_PORT": "70000", "CORS_ORIGIN": "not a url", "SESSION_IDLE_TIMEOUT": "-1h",
		"TRUSTED_PROXIES": "10.0.0.0/33", "RESET_URL_BASE": "ftp://x", "LOG_FORMAT": "xml",
	})
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"PORT", "SESSION_COOKIE_SECURE", "MAIL_USE_TLS and MAIL_USE_SSL", "MAIL_PORT", "CORS_ORIGIN",
		"SESSION_IDLE_TIMEOUT", "TRUSTED_PROXIES", "RESET_URL_BASE", "LOG_FORMAT"} {
		t.Run("bad_"+want+"_is_reported", func(t *testing.T) {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error does not mention %s:\n%v", want, err)
			}
		})
	}
}

func TestParsedValues(t *testing.T) {
	c, _, err := load(map[string]string{
		"CORS_ORIGIN": " https://app.skatetrax.com , http://localhost:3000/ ", "SESSION_COOKIE_SECURE": "TRUE",
		"SESSION_COOKIE_DOMAIN": ".example.test", "TRUSTED_PROXIES": "10.0.0.1, 192.168.0.0/16", "SESSION_IDLE_TIMEOUT": "2h",
		"MAIL_SERVER": "smtp.example.com", "MAIL_USE_SSL": "true", "MAIL_PORT": "465", "PORT": "8080",
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.CORSOrigins) != 2 || c.CORSOrigins[0] != "https://app.skatetrax.com" || c.CORSOrigins[1] != "http://localhost:3000" {
		t.Errorf("origins %v", c.CORSOrigins)
	}
	if !c.CookieSecure || c.CookieDomain != "example.test" || len(c.TrustedProxies) != 2 || c.SessionIdle != 2*time.Hour || c.Port != 8080 {
		t.Errorf("parsed %+v", c)
	}
	if !c.Mail.Enabled() || !c.Mail.UseSSL || c.Mail.Port != 465 || c.Mail.Sender != DefaultMailSender {
		t.Errorf("mail %+v", c.Mail)
	}
}

func TestMusicStorage(t *testing.T) {
	c, _, err := load(map[string]string{})
	if err != nil || c.Storage.S3 != nil || c.Storage.Dir != "data/storage" {
		t.Fatalf("default storage: %+v %v", c.Storage, err)
	}
	c, _, err = load(map[string]string{"STORAGE_DIR": "/srv/music"})
	if err != nil || c.Storage.Dir != "/srv/music" || c.Storage.S3 != nil {
		t.Fatalf("STORAGE_DIR: %+v %v", c.Storage, err)
	}
	c, _, err = load(map[string]string{"DO_SPACES_BUCKET": "b", "DO_SPACES_KEY": "k", "DO_SPACES_SECRET": "s"})
	if err != nil || c.Storage.S3 == nil || c.Storage.S3.Bucket != "b" || c.Storage.S3.Endpoint != "https://nyc3.digitaloceanspaces.com" {
		t.Fatalf("S3: %+v %v", c.Storage, err)
	}
	// A half-configured bucket stops the start, listed with the other problems.
	_, _, err = load(map[string]string{"DO_SPACES_BUCKET": "b", "PORT": "-1"})
	if err == nil || !strings.Contains(err.Error(), "DO_SPACES_KEY, DO_SPACES_SECRET") || !strings.Contains(err.Error(), "PORT") {
		t.Fatalf("half-configured S3: %v", err)
	}
}

func TestResetAndFrontendURLs(t *testing.T) {
	t.Run("unset_reset_url_is_this_servers_reset_page", func(t *testing.T) {
		c, _, err := load(map[string]string{"PORT": "8080"})
		if err != nil || c.ResetURLBase != "http://localhost:8080/account/reset" || !c.ResetURLDefaulted {
			t.Errorf("%q %v %v", c.ResetURLBase, c.ResetURLDefaulted, err)
		}
	})
	t.Run("set_reset_url_is_honoured", func(t *testing.T) {
		c, _, err := load(map[string]string{"RESET_URL_BASE": "https://app.example/reset"})
		if err != nil || c.ResetURLBase != "https://app.example/reset" || c.ResetURLDefaulted {
			t.Errorf("%q %v %v", c.ResetURLBase, c.ResetURLDefaulted, err)
		}
	})
	t.Run("frontend_url_is_optional_and_loses_its_slash", func(t *testing.T) {
		c, _, err := load(map[string]string{"FRONTEND_URL": "https://app.example/"})
		if err != nil || c.FrontendURL != "https://app.example" {
			t.Errorf("%q %v", c.FrontendURL, err)
		}
	})
	t.Run("frontend_url_must_be_http", func(t *testing.T) {
		_, _, err := load(map[string]string{"FRONTEND_URL": "javascript:alert(1)"})
		if err == nil || !strings.Contains(err.Error(), "FRONTEND_URL") {
			t.Errorf("err = %v", err)
		}
	})
}
