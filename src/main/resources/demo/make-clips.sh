#!/usr/bin/env bash
# Regenerates the demo clips shipped in this folder: short German sentences spoken by
# espeak-ng (Debian package espeak-ng) in different manners, as 8 kHz G.711 mu-law telephone audio
# by sox. Synthetic speech, not acted emotion: they exercise the pipeline, not the model.
# Usage: bash make-clips.sh   (from this folder)
set -euo pipefail
say() { # name speed pitch amplitude text
  espeak-ng -v de -s "$2" -p "$3" -a "$4" -w "/tmp/$1.raw.wav" "$5"
  sox "/tmp/$1.raw.wav" -r 8000 -c 1 -e u-law "$1.wav" gain -n -3
  rm -f "/tmp/$1.raw.wav"
}
say 01-laut-schnell   210 70 190 "Das ist doch nicht zu fassen, ich warte schon seit einer Stunde!"
say 02-ruhig          140 40 100 "Guten Tag, ich möchte gerne meine Adresse ändern."
say 03-langsam-tief    95 20  80 "Ach, das ist alles so traurig, ich weiß nicht weiter."
say 04-froh           180 85 150 "Wunderbar, vielen Dank, das hat ja prima geklappt!"
say 05-monoton        120 30  90 "Ja. Gut. Dann machen wir das eben so."
say 06-hastig         230 80 160 "Schnell, bitte, ich brauche sofort Hilfe, es ist dringend!"
