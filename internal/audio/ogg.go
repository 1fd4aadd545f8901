package audio

import (
	"bytes"
	"encoding/binary"
	"time"
)

// An Ogg page is at most 27 header bytes, 255 lacing values and 255*255
// body bytes.
const (
	oggHeaderLen  = 27
	maxOggPageLen = oggHeaderLen + 255 + 255*255
)

// oggDuration reads the codec's sample rate from the first page and the
// granule position (samples decoded so far) from the last page of the same
// stream: for Vorbis and FLAC that is the sample count, for Opus it counts
// 48 kHz samples including the pre-skip.
func oggDuration(s *source) (time.Duration, error) {
	first, err := s.readUpTo(0, maxOggPageLen)
	if err != nil {
		return 0, err
	}
	page, ok := parseOggPage(first)
	if !ok {
		return 0, invalidf("first Ogg page is damaged or truncated")
	}
	codec, err := oggCodec(page.firstPacket())
	if err != nil {
		return 0, err
	}
	granule, err := lastGranule(s, page.serial)
	if err != nil {
		return 0, err
	}
	if granule < codec.preSkip {
		return 0, invalidf("last granule %d before pre-skip %d", granule, codec.preSkip)
	}
	return samplesToDuration(granule-codec.preSkip, codec.rate)
}

type oggCodecInfo struct {
	rate    uint64
	preSkip uint64
}

// oggCodec reads the identification header that opens the stream.
func oggCodec(p []byte) (oggCodecInfo, error) {
	switch {
	case len(p) >= 30 && bytes.HasPrefix(p, []byte("\x01vorbis")):
		if binary.LittleEndian.Uint32(p[7:11]) != 0 {
			return oggCodecInfo{}, invalidf("unknown Vorbis version")
		}
		return oggCodecInfo{rate: uint64(binary.LittleEndian.Uint32(p[12:16]))}, nil
	case len(p) >= 19 && bytes.HasPrefix(p, []byte("OpusHead")):
		// Opus always runs at 48 kHz; the stored input rate is informative.
		return oggCodecInfo{rate: 48000, preSkip: uint64(binary.LittleEndian.Uint16(p[10:12]))}, nil
	case len(p) >= 13+4+34 && bytes.HasPrefix(p, []byte("\x7fFLAC")) && string(p[9:13]) == "fLaC":
		rate, _ := streamInfo(p[17:])
		return oggCodecInfo{rate: rate}, nil
	}
	return oggCodecInfo{}, invalidf("Ogg stream is not Vorbis, Opus or FLAC")
}

// lastGranule finds the last complete page of stream serial that ends a
// packet. The last page starts within the last maxOggPageLen bytes.
func lastGranule(s *source, serial uint32) (uint64, error) {
	off := s.size - 2*maxOggPageLen
	if off < 0 {
		off = 0
	}
	tail, err := s.readUpTo(off, int(s.size-off))
	if err != nil {
		return 0, err
	}
	for i := bytes.LastIndex(tail, []byte("OggS")); i >= 0; i = bytes.LastIndex(tail[:i], []byte("OggS")) {
		p, ok := parseOggPage(tail[i:])
		if ok && p.serial == serial && p.granule != ^uint64(0) {
			return p.granule, nil
		}
	}
	return 0, invalidf("no complete final Ogg page")
}

type oggPage struct {
	granule uint64
	serial  uint32
	lacing  []byte
	body    []byte
}

// parseOggPage decodes the page at the start of b and checks its CRC, so
// that an "OggS" inside audio data is not mistaken for a page.
func parseOggPage(b []byte) (oggPage, bool) {
	if len(b) < oggHeaderLen || string(b[:4]) != "OggS" || b[4] != 0 {
		return oggPage{}, false
	}
	nseg := int(b[26])
	if len(b) < oggHeaderLen+nseg {
		return oggPage{}, false
	}
	lacing := b[oggHeaderLen : oggHeaderLen+nseg]
	bodyLen := 0
	for _, l := range lacing {
		bodyLen += int(l)
	}
	end := oggHeaderLen + nseg + bodyLen
	if len(b) < end || oggCRC(b[:end]) != binary.LittleEndian.Uint32(b[22:26]) {
		return oggPage{}, false
	}
	return oggPage{
		granule: binary.LittleEndian.Uint64(b[6:14]),
		serial:  binary.LittleEndian.Uint32(b[14:18]),
		lacing:  lacing,
		body:    b[oggHeaderLen+nseg : end],
	}, true
}

// firstPacket returns the first packet on the page (or the part of it on
// this page, if it continues on the next one).
func (p oggPage) firstPacket() []byte {
	n := 0
	for _, l := range p.lacing {
		n += int(l)
		if l < 255 {
			break
		}
	}
	return p.body[:n]
}

var oggCRCTable = func() (t [256]uint32) {
	for i := range t {
		r := uint32(i) << 24
		for range 8 {
			if r&0x80000000 != 0 {
				r = r<<1 ^ 0x04C11DB7
			} else {
				r <<= 1
			}
		}
		t[i] = r
	}
	return t
}()

// oggCRC is Ogg's CRC-32 (polynomial 0x04C11DB7, no reflection) over a page
// whose checksum field, bytes 22 to 25, counts as zero.
func oggCRC(page []byte) uint32 {
	var crc uint32
	for i, c := range page {
		if i >= 22 && i < 26 {
			c = 0
		}
		crc = crc<<8 ^ oggCRCTable[byte(crc>>24)^c]
	}
	return crc
}
