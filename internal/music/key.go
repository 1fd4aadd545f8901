package music

import (
	"github.com/google/uuid"

	"github.com/skatetrax/skatetrax-api/internal/audio"
)

// objectKey names a track's file: music/<skater>/<track>.<ext>, the
// original's layout, with the extension of the format detected from the
// bytes (never the client's file name). The key is server-generated and
// unique per track, so it is never reused.
func objectKey(skater, track uuid.UUID, f audio.Format) string {
	return "music/" + skater.String() + "/" + track.String() + "." + f.Ext()
}
