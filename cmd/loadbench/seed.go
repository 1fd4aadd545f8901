package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/skatetrax/skatetrax-api/internal/accounts"
	"github.com/skatetrax/skatetrax-api/internal/app"
)

// seedSkater registers, logs in and onboards a skater through the API and
// returns the session cookie.
func seedSkater(ctx context.Context, a *app.App, base string) (string, error) {
	token, _, err := a.Accounts.CreateInvite(ctx, accounts.NewInvite{MaxUses: 1})
	if err != nil {
		return "", err
	}
	post := func(path, body, cookie string) (*http.Response, error) {
		req, _ := http.NewRequestWithContext(ctx, "POST", base+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if cookie != "" {
			req.Header.Set("Cookie", "session="+cookie)
		}
		c := &http.Client{Timeout: 30 * time.Second}
		res, err := c.Do(req)
		if err != nil {
			return nil, err
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("POST %s: %s", path, res.Status)
		}
		return res, nil
	}
	if _, err := post("/api/v4/auth/register", `{"aLogin":"bencher","aEmail":"bench@example.com","aPasswordHash":"bench password 1","invite_token":"`+token+`"}`, ""); err != nil {
		return "", err
	}
	res, err := post("/api/v4/auth/login", `{"aLogin":"bencher","aPasswordHash":"bench password 1"}`, "")
	if err != nil {
		return "", err
	}
	var cookie string
	for _, c := range res.Cookies() {
		if c.Name == "session" {
			cookie = c.Value
		}
	}
	if cookie == "" {
		return "", fmt.Errorf("login set no session cookie")
	}
	if _, err := post("/api/v4/auth/onboard", `{"first_name":"Bench","last_name":"Skater","timezone":"America/New_York"}`, cookie); err != nil {
		return "", err
	}
	return cookie, nil
}
