package mail

import (
	"errors"
	"fmt"
	"net/url"
)

// ResetSubject is the subject of the password-reset mail, as the original sent it.
const ResetSubject = "Skatetrax - Password Reset"

const resetBody = "Use this link to reset your password (expires in 1 hour):\n\n%s\n\nIf you did not request this, ignore this email."

// ResetMessage builds the password-reset mail for to, linking to ResetURL.
func ResetMessage(to, resetURLBase, token string) (Message, error) {
	link, err := ResetURL(resetURLBase, token)
	if err != nil {
		return Message{}, fmt.Errorf("reset message: %w", err)
	}
	return Message{To: to, Subject: ResetSubject, Body: fmt.Sprintf(resetBody, link)}, nil
}

// ResetURL returns base with its query parameter "token" set to token. Other
// query parameters and the fragment are kept, so unlike the original's string
// concatenation a base that already has "?a=b" stays a valid URL. Call it once
// at startup with a dummy token to validate RESET_URL_BASE.
func ResetURL(base, token string) (string, error) {
	if token == "" {
		return "", errors.New("empty token")
	}
	u, err := url.Parse(base)
	if err != nil {
		return "", fmt.Errorf("parse reset URL base: %w", err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("reset URL base %q must be an absolute http(s) URL", base)
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return "", fmt.Errorf("reset URL base %q: query: %w", base, err)
	}
	q.Set("token", token)
	u.RawQuery = q.Encode()
	return u.String(), nil
}
