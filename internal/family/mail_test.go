package family_test

import (
	"io"
	"net/mail"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
	"github.com/skatetrax/skatetrax-api/internal/mail/mailtest"
)

// TestCoachIsMailed: with mail configured the coach gets a message naming
// the skater by first name and last initial; without it the grant works.
func TestCoachIsMailed(t *testing.T) {
	t.Parallel()
	smtp := mailtest.Start(t, mailtest.Options{})
	s := apitest.New(t, apitest.Options{Env: map[string]string{"MAIL_SERVER": smtp.Host, "MAIL_PORT": strconv.Itoa(smtp.Port)}})
	f := newFamily(t, s, "gwen")
	s.Register("coach_kim", "coach")
	switchTo(t, f.c, f.kids[0], 200)
	f.c.Post(pathCoaches, map[string]any{"coach": "coach_kim"}).Expect(201)

	deadline := time.Now().Add(15 * time.Second)
	for len(smtp.Received()) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no mail to the coach")
		}
		time.Sleep(20 * time.Millisecond)
	}
	env := smtp.Received()[0]
	if len(env.To) != 1 || env.To[0] != "coach_kim@example.com" {
		t.Errorf("to %v", env.To)
	}
	msg, err := mail.ReadMessage(strings.NewReader(string(env.Data)))
	must(t, err, "parse mail")
	raw, err := io.ReadAll(msg.Body)
	must(t, err, "read body")
	body := string(raw)
	if !strings.Contains(body, "Ava P. gave you read access") || strings.Contains(body, "Parent") {
		t.Errorf("body %q", body)
	}
	if !strings.Contains(msg.Header.Get("Subject"), "shared their training") {
		t.Errorf("subject %q", msg.Header.Get("Subject"))
	}
}

func TestCoachGrantWithoutMail(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	c, _ := s.Skater("sam", "UTC")
	s.Register("coach_kim", "coach")
	c.Post(pathCoaches, map[string]any{"coach": "coach_kim"}).Expect(201)
}
