package mail

import "fmt"

// CoachGrantSubject is the subject of the mail telling a coach about new access.
const CoachGrantSubject = "Skatetrax - A skater shared their training with you"

const coachGrantBody = "%s gave you read access to their training on Skatetrax.\n\n" +
	"Log in and choose them in the skater switcher to see their sessions, equipment and events.\n" +
	"If you do not coach this skater, you can ignore this email."

// CoachGrantMessage builds the mail telling a coach that skater (a display
// name: first name and last initial) granted them read access.
func CoachGrantMessage(to, skater string) Message {
	if skater == "" {
		skater = "A skater"
	}
	return Message{To: to, Subject: CoachGrantSubject, Body: fmt.Sprintf(coachGrantBody, skater)}
}
