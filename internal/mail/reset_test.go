package mail

import (
	"net/url"
	"strings"
	"testing"
)

func TestResetMessage_exactText(t *testing.T) {
	t.Parallel()
	m, err := ResetMessage("alice@example.com", "http://localhost:3000/reset", "4646c38e9bb44c918a0dfdd2a0b13648")
	if err != nil {
		t.Fatal(err)
	}
	want := Message{
		To:      "alice@example.com",
		Subject: "Skatetrax - Password Reset",
		Body: "Use this link to reset your password (expires in 1 hour):\n" +
			"\n" +
			"http://localhost:3000/reset?token=4646c38e9bb44c918a0dfdd2a0b13648\n" +
			"\n" +
			"If you did not request this, ignore this email.",
	}
	if m != want {
		t.Fatalf("ResetMessage =\n%#v\nwant\n%#v", m, want)
	}
}

func TestResetURL(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, base, token, want string
	}{
		{"plain_base", "http://localhost:3000/reset", "abc", "http://localhost:3000/reset?token=abc"},
		{"base_with_query_stays_valid", "https://app.test/reset?a=b", "abc", "https://app.test/reset?a=b&token=abc"},
		{"existing_token_is_replaced", "https://app.test/reset?token=old&token=older", "abc", "https://app.test/reset?token=abc"},
		{"fragment_is_kept", "https://app.test/reset#top", "abc", "https://app.test/reset?token=abc#top"},
		{"base64url_token_is_unchanged", "https://app.test/r", "Ab-_9z", "https://app.test/r?token=Ab-_9z"},
		{"reserved_characters_are_escaped", "https://app.test/r", "a+b/c=&d", "https://app.test/r?token=a%2Bb%2Fc%3D%26d"},
		{"trailing_question_mark", "https://app.test/r?", "abc", "https://app.test/r?token=abc"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := ResetURL(tc.base, tc.token)
			if err != nil {
				t.Fatalf("ResetURL: %v", err)
			}
			if got != tc.want {
				t.Errorf("ResetURL = %q, want %q", got, tc.want)
			}
			u, err := url.Parse(got)
			if err != nil {
				t.Fatal(err)
			}
			if u.Query().Get("token") != tc.token {
				t.Errorf("token does not round-trip: %q", u.Query().Get("token"))
			}
		})
	}
}

func TestResetURL_rejectsBadInput(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, base, token string }{
		{"empty_token", "https://app.test/reset", ""},
		{"empty_base", "", "abc"},
		{"relative_base", "/reset", "abc"},
		{"no_host", "https:///reset", "abc"},
		{"other_scheme", "javascript://app.test/%0aalert(1)", "abc"},
		{"unparsable_base", "http://[::1", "abc"},
		{"malformed_query", "https://app.test/reset?a=%zz", "abc"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got, err := ResetURL(tc.base, tc.token); err == nil {
				t.Errorf("ResetURL(%q, %q) = %q, want error", tc.base, tc.token, got)
			}
			if _, err := ResetMessage("a@example.com", tc.base, tc.token); err == nil || !strings.HasPrefix(err.Error(), "reset message: ") {
				t.Errorf("ResetMessage error = %v, want wrapped error", err)
			}
		})
	}
}
