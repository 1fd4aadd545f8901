package audio

// mpegHeader is the decoded 4-byte header of an MPEG audio Layer III frame.
type mpegHeader struct {
	mpeg1      bool // MPEG-1; else MPEG-2 or 2.5 (half the samples per frame)
	mono       bool
	bitrate    int // bits per second
	sampleRate int
	length     int // bytes, header included
	samples    int // per frame
}

var (
	mp3Bitrates1 = [16]int{0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0}
	mp3Bitrates2 = [16]int{0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0}
	mpegRates    = [4][3]int{ // by version bits: 2.5, reserved, 2, 1
		{11025, 12000, 8000}, {}, {22050, 24000, 16000}, {44100, 48000, 32000},
	}
)

// parseMPEG decodes a Layer III frame header at the start of b. Free-format
// and reserved values are rejected.
func parseMPEG(b []byte) (mpegHeader, bool) {
	if len(b) < 4 || b[0] != 0xFF || b[1]&0xE0 != 0xE0 {
		return mpegHeader{}, false
	}
	version := b[1] >> 3 & 3 // 0: 2.5, 1: reserved, 2: MPEG-2, 3: MPEG-1
	layer := b[1] >> 1 & 3   // 1: Layer III
	brIdx := b[2] >> 4
	srIdx := b[2] >> 2 & 3
	if version == 1 || layer != 1 || brIdx == 0 || brIdx == 15 || srIdx == 3 {
		return mpegHeader{}, false
	}
	h := mpegHeader{
		mpeg1:      version == 3,
		mono:       b[3]>>6 == 3,
		sampleRate: mpegRates[version][srIdx],
	}
	pad := int(b[2] >> 1 & 1)
	if h.mpeg1 {
		h.bitrate = mp3Bitrates1[brIdx] * 1000
		h.samples = 1152
		h.length = 144*h.bitrate/h.sampleRate + pad
	} else {
		h.bitrate = mp3Bitrates2[brIdx] * 1000
		h.samples = 576
		h.length = 72*h.bitrate/h.sampleRate + pad
	}
	return h, true
}

// sideInfoLen is the size of the side information after the header, where
// a Xing/Info tag starts.
func (h mpegHeader) sideInfoLen() int {
	switch {
	case h.mpeg1 && h.mono:
		return 17
	case h.mpeg1:
		return 32
	case h.mono:
		return 9
	default:
		return 17
	}
}

// adtsHeader is the decoded 7-byte header of an ADTS AAC frame.
type adtsHeader struct {
	sampleRate int
	length     int // bytes, header included
	samples    int // per frame
}

var adtsRates = [16]int{96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350}

// parseADTS decodes an ADTS header at the start of b.
func parseADTS(b []byte) (adtsHeader, bool) {
	// 12-bit sync, then MPEG version (any) and a layer that must be 0.
	if len(b) < 7 || b[0] != 0xFF || b[1]&0xF6 != 0xF0 {
		return adtsHeader{}, false
	}
	rate := adtsRates[b[2]>>2&0xF]
	length := int(b[3]&3)<<11 | int(b[4])<<3 | int(b[5]>>5)
	headerLen := 7
	if b[1]&1 == 0 {
		headerLen = 9 // with CRC
	}
	if rate == 0 || length < headerLen {
		return adtsHeader{}, false
	}
	return adtsHeader{
		sampleRate: rate,
		length:     length,
		samples:    1024 * (int(b[6]&3) + 1),
	}, true
}
