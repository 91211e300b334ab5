#!/usr/bin/env bash
# Trains PlateWeb's licence-plate Tesseract LSTM model from scratch (no existing model is used as a
# starting point) and writes tessdata/plate.traineddata. Rebuild with:
#
#   tools/plateweb_tools/tessdata/train-plate-model.sh                 # defaults below
#   MAX_ITER=30000 tools/plateweb_tools/tessdata/train-plate-model.sh  # a shorter run
#   RESUME=1 MAX_ITER=65000 tools/plateweb_tools/tessdata/train-plate-model.sh
#       # keep $WORK's data and continue from its last checkpoint up to MAX_ITER (lstmtraining
#       # restores $WORK/out/plate_checkpoint by itself); the result is still our own from-scratch model
#
# Steps: install tools and fonts (apt, idempotent) -> make_corpus.py (random plate strings) ->
# render_strips.py (plate-like strips + WordStr box files) -> tesseract lstm.train (.lstmf) ->
# unicharset + combine_lang_model (starter traineddata, no dictionaries) -> lstmtraining from
# scratch -> lstmtraining --stop_training. Everything is seeded; scratch files go to $WORK.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
HERE="$ROOT/tools/plateweb_tools/tessdata"
export PYTHONPATH="$ROOT/tools"   # the Python steps are modules of tools/plateweb_tools
WORK=${WORK:-/tmp/plate-train}
TRAIN_LINES=${TRAIN_LINES:-16000}
EVAL_LINES=${EVAL_LINES:-600}
SEED=${SEED:-1}
JOBS=${JOBS:-2}                 # parallel render / lstmf jobs
THREADS=${THREADS:-1}           # OpenMP threads for lstmtraining
MAX_ITER=${MAX_ITER:-60000}
LEARNING_RATE=${LEARNING_RATE:-0.002}
TARGET_ERROR=${TARGET_ERROR:-0.01}
NET_SPEC=${NET_SPEC:-'[1,36,0,1 Ct3,3,16 Mp3,3 Lfys48 Lfx96 Lrx96 Lfx192 O1c###]'}
OUTPUT=${OUTPUT:-$ROOT/tessdata/plate.traineddata}
PY=/usr/bin/python3             # Debian's python, which python3-pil belongs to

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }

# 1. Tools and fonts (fonts are only used to render training images; never committed).
PKGS="tesseract-ocr python3-pil fonts-dejavu-core fonts-dejavu-extra fonts-liberation2 fonts-urw-base35
      fonts-freefont-ttf fonts-croscore fonts-crosextra-carlito fonts-roboto-unhinted fonts-open-sans
      fonts-opendin fonts-routed-gothic fonts-b612"
missing=$(for p in $PKGS; do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done)
if [ -n "$missing" ]; then
  log "installing: $missing"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi

if [ "${RESUME:-0}" = 1 ] && [ -s "$WORK/out/plate_checkpoint" ]; then
  log "resuming from $WORK/out/plate_checkpoint with the data already in $WORK"
else
rm -rf "$WORK"; mkdir -p "$WORK"/{train,eval,langdata,lang/plate,out}

# 2. Corpus: training and evaluation strings from different seeds.
log "corpus: $TRAIN_LINES training lines, $EVAL_LINES eval lines"
$PY -m plateweb_tools.tessdata.make_corpus --lines "$TRAIN_LINES" --seed "$SEED" > "$WORK/train.txt"
$PY -m plateweb_tools.tessdata.make_corpus --lines "$EVAL_LINES" --seed $((SEED + 1000)) > "$WORK/eval.txt"

# 3. Render pages, in $JOBS shards with their own seeds (deterministic for a given JOBS).
log "rendering strips"
split -n l/"$JOBS" -d "$WORK/train.txt" "$WORK/train.part."
i=0
for part in "$WORK"/train.part.*; do
  $PY -m plateweb_tools.tessdata.render_strips --corpus "$part" --fonts "$HERE/fonts.txt" --out "$WORK/train" \
      --prefix "s$i" --seed $((SEED * 100 + i)) &
  i=$((i + 1))
done
$PY -m plateweb_tools.tessdata.render_strips --corpus "$WORK/eval.txt" --fonts "$HERE/fonts.txt" --out "$WORK/eval" \
    --prefix ev --seed $((SEED * 100 + 99)) &
wait

# 4. Line images + text -> .lstmf
log "making .lstmf files"
export OMP_THREAD_LIMIT=1
for d in train eval; do
  ls "$WORK/$d"/*.png | sed 's/\.png$//' | xargs -P "$JOBS" -I{} sh -c 'tesseract {}.png {} --psm 6 lstm.train >/dev/null 2>&1'
  ls "$WORK/$d"/*.lstmf > "$WORK/$d.list"
  log "$d: $(wc -l < "$WORK/$d.list") pages"
done

# 5. Starter traineddata: unicharset A-Z 0-9 (+ space), no dictionaries, pass-through recoder.
#    combine_lang_model insists on a radical-stroke table; a one-line stub suffices for Latin.
unicharset_extractor --output_unicharset "$WORK/unicharset" --norm_mode 1 "$WORK/train.txt" >/dev/null 2>&1
printf '4E00\t1.0\n' > "$WORK/langdata/radical-stroke.txt"
combine_lang_model --input_unicharset "$WORK/unicharset" --script_dir "$WORK/langdata" \
    --output_dir "$WORK/lang" --lang plate --pass_through_recoder >/dev/null 2>&1
fi
STARTER="$WORK/lang/plate/plate.traineddata"
test -s "$STARTER"
NCHARS=$(head -n1 "$WORK/unicharset")
SPEC=${NET_SPEC//c###/c$NCHARS}
log "unicharset: $NCHARS entries; net: $SPEC"

# 6. Train from scratch.
log "lstmtraining: max $MAX_ITER iterations, learning rate $LEARNING_RATE, $THREADS thread(s)"
start=$(date +%s)
OMP_THREAD_LIMIT=$THREADS lstmtraining \
  --traineddata "$STARTER" --net_spec "$SPEC" --model_output "$WORK/out/plate" \
  --train_listfile "$WORK/train.list" --eval_listfile "$WORK/eval.list" \
  --learning_rate "$LEARNING_RATE" --max_iterations "$MAX_ITER" --target_error_rate "$TARGET_ERROR" \
  --debug_interval 0 2>&1 | tee "$WORK/training.log" | grep --line-buffered -E "^At iteration|Eval|Finished|best" || true
log "training took $(( ($(date +%s) - start) / 60 )) min"

# 7. Final model from the last checkpoint.
mkdir -p "$(dirname "$OUTPUT")"
lstmtraining --stop_training --continue_from "$WORK/out/plate_checkpoint" --traineddata "$STARTER" \
    --model_output "$OUTPUT" 2>&1 | tail -1
log "wrote $OUTPUT ($(stat -c %s "$OUTPUT") bytes)"
