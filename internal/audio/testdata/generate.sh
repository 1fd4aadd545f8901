#!/usr/bin/env bash
# Regenerates the audio fixtures (1.5 s, 440 Hz tones, each a few KiB).
# Not run by CI: the files are committed. Needs Debian's sox, opus-tools and
# ffmpeg: apt-get install -y sox opus-tools ffmpeg
set -euo pipefail
cd "$(dirname "$0")"
tone() { ffmpeg -loglevel error -y -f lavfi -i "sine=frequency=440:sample_rate=$1:duration=1.5" "${@:2}"; }

sox -n -r 8000 -c 1 -b 16 tone.wav synth 1.5 sine 440
sox -n -r 8000 -c 1 -b 16 tone.flac synth 1.5 sine 440
sox -n -r 16000 -c 1 tone.ogg synth 1.5 sine 440           # Ogg Vorbis
opusenc --quiet --bitrate 12 tone.wav tone.opus              # Ogg Opus (pre-skip 312)
tone 22050 -c:a libmp3lame -b:a 32k -metadata title=Tone tone-cbr-id3.mp3        # ID3v2.4 + LAME Info
tone 22050 -c:a libmp3lame -q:a 7 -id3v2_version 0 -write_id3v1 1 tone-vbr-xing.mp3 # Xing, ID3v1 at the end
tone 44100 -c:a libmp3lame -b:a 64k -write_xing 0 -id3v2_version 0 tone-cbr-noxing.mp3 # bare CBR frames
tone 44100 -ac 2 -c:a libmp3lame -q:a 6 -id3v2_version 3 -metadata artist=X tone-stereo-vbr.mp3 # MPEG-1 stereo
tone 22050 -c:a aac -b:a 24k tone.m4a                         # moov after mdat
tone 22050 -c:a aac -b:a 24k -movflags +faststart tone-faststart.m4a
tone 22050 -c:a aac -b:a 24k -movflags frag_keyframe+empty_moov tone-frag.m4a  # no duration in moov
tone 22050 -c:a aac -b:a 24k -f adts tone.aac
tone 16000 -c:a flac -f ogg tone-flac.oga                   # FLAC inside Ogg
