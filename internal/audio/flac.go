package audio

import (
	"encoding/binary"
	"time"
)

// flacDuration reads total samples and sample rate from STREAMINFO, the
// metadata block that must come first after "fLaC".
func flacDuration(s *source) (time.Duration, error) {
	start, err := s.audioStart()
	if err != nil {
		return 0, err
	}
	var b [4 + 4 + 34]byte // marker, block header, STREAMINFO
	if err := s.readAt(start, b[:]); err != nil {
		return 0, err
	}
	if string(b[:4]) != "fLaC" {
		return 0, invalidf("no fLaC marker")
	}
	if b[4]&0x7F != 0 || b[5] != 0 || b[6] != 0 || b[7] != 34 {
		return 0, invalidf("first metadata block is not a 34-byte STREAMINFO")
	}
	return streamInfoDuration(b[8:])
}

// streamInfoDuration decodes a 34-byte FLAC STREAMINFO block (also found
// inside Ogg FLAC): a 20-bit sample rate and a 36-bit sample count.
func streamInfoDuration(si []byte) (time.Duration, error) {
	rate, total := streamInfo(si)
	if total == 0 {
		return 0, invalidf("STREAMINFO gives no sample count")
	}
	return samplesToDuration(total, rate)
}

func streamInfo(si []byte) (rate, total uint64) {
	rate = uint64(si[10])<<12 | uint64(si[11])<<4 | uint64(si[12])>>4
	total = uint64(si[13]&0x0F)<<32 | uint64(binary.BigEndian.Uint32(si[14:18]))
	return rate, total
}
