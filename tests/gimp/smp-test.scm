; Assertions and fixtures for the smp-studio Script-Fu integration tests (GIMP 3, v3 dialect).
; A failed assertion raises a Script-Fu error, which makes gimp-console exit non-zero.

(script-fu-use-v3)

(define (smp-log . parts)
  (gimp-message (apply string-append
                       (map (lambda (p) (if (string? p) p (smp->string p))) parts))))

(define (smp->string value)
  (cond ((string? value) value)
        ((number? value) (number->string value))
        ((boolean? value) (if value "#t" "#f"))
        ((symbol? value) (symbol->string value))
        (else "<value>")))

(define (smp-fail . parts)
  (error (apply string-append "smp-test FAILED: "
                (map (lambda (p) (smp->string p)) parts))))

(define (smp-assert condition . message)
  (if (not condition) (apply smp-fail message)))

(define (smp-assert-range value low high what)
  (if (or (< value low) (> value high))
      (smp-fail what " = " value ", expected " low " to " high)
      (smp-log "ok: " what " = " value " in [" low ", " high "]")))

(define (smp-assert-equal actual expected what)
  (if (not (equal? actual expected))
      (smp-fail what ": got " actual ", expected " expected)
      (smp-log "ok: " what)))

; Calls thunk, which must raise a Script-Fu error (a failing PDB call raises one).
(define (smp-assert-error thunk what)
  (let ((failed (catch #t (thunk) #f)))
    (smp-assert failed what ": no error was raised")
    (smp-log "ok: " what " fails")))

; A photo-like RGB (or GRAY) image: a layer of plasma noise, so that any change of its pixels
; shows, at the given resolution.
(define (smp-make-image width height type ppi)
  (let* ((image (gimp-image-new width height type))
         (layer (gimp-layer-new image "photo" width height
                                (if (= type RGB) RGB-IMAGE GRAY-IMAGE)
                                100 LAYER-MODE-NORMAL)))
    (gimp-image-insert-layer image layer 0 0)
    (gimp-image-set-resolution image ppi ppi)
    (gimp-drawable-merge-new-filter layer "gegl:plasma" 0 LAYER-MODE-REPLACE 1.0
                                    "seed" 7 "width" width "height" height)
    image))

(define (smp-first-layer image)
  (vector-ref (gimp-image-get-layers image) 0))

; The drawable composited over an opaque colour, as the only layer of a new image.
(define (smp-flat drawable colour)
  (let* ((image (gimp-image-new (gimp-drawable-get-width drawable)
                                (gimp-drawable-get-height drawable)
                                (gimp-image-get-base-type (gimp-item-get-image drawable))))
         (copy (gimp-layer-new-from-drawable drawable image)))
    (gimp-image-insert-layer image copy 0 0)
    (gimp-layer-set-offsets copy 0 0)
    (gimp-context-push)
    (gimp-context-set-background colour)
    (gimp-image-flatten image)
    (gimp-context-pop)
    image))

; A snapshot of a drawable's pixels for smp-assert-unchanged: the drawable flattened over black
; and over white (two images), which together pin down colour and alpha.
(define (smp-snapshot drawable)
  (list (smp-flat drawable '(0 0 0)) (smp-flat drawable '(255 255 255))))

; Fails unless the drawable's pixels equal the snapshot's: over each background, the difference
; of the two flattened versions has no pixel with a channel above zero.
(define (smp-assert-unchanged snapshot drawable what)
  (let ((changed
         (apply + (map (lambda (before colour)
                         (let* ((now (smp-flat drawable colour))
                                (copy (gimp-layer-new-from-drawable
                                       (vector-ref (gimp-image-get-layers now) 0) before)))
                           (gimp-image-insert-layer before copy 0 0)
                           (gimp-layer-set-mode copy LAYER-MODE-DIFFERENCE)
                           (let* ((merged (gimp-image-merge-visible-layers before CLIP-TO-IMAGE))
                                  (stats (gimp-drawable-histogram merged HISTOGRAM-VALUE
                                                                  (/ 0.5 255) 1.0)))
                             (gimp-image-delete now)
                             (gimp-image-delete before)
                             (list-ref stats 4))))
                       snapshot (list '(0 0 0) '(255 255 255))))))
    (smp-assert (= changed 0) what ": " changed " pixels differ")
    (smp-log "ok: " what)))

(define (smp-layer-count image)
  (vector-length (gimp-image-get-layers image)))

; The call must fail, add no layer, and leave the photo unchanged.
(define (smp-refused image photo what thunk)
  (let ((before (smp-snapshot photo))
        (count (smp-layer-count image)))
    (smp-assert-error thunk what)
    (smp-assert-equal (smp-layer-count image) count (string-append what ": no layer added"))
    (smp-assert-unchanged before photo (string-append what ": photo unchanged"))))

; A copy of a layer as it shows: its effects and its mask baked into its pixels (inserted on top,
; then measured and removed by the caller with smp-remove).
(define (smp-baked-copy image layer)
  (let ((copy (gimp-layer-copy layer)))
    (gimp-image-insert-layer image copy 0 0)
    (gimp-drawable-merge-filters copy)
    (if (not (= -1 (gimp-layer-get-mask copy)))
        (gimp-layer-remove-mask copy MASK-APPLY))
    copy))

(define (smp-remove image layer)
  (gimp-image-remove-layer image layer))

; How many pixels of a drawable have alpha of at least `threshold` (0..1).
(define (smp-alpha-count drawable threshold)
  (let ((stats (gimp-drawable-histogram drawable HISTOGRAM-ALPHA threshold 1.0)))
    (list-ref stats 4)))

(define (smp-area drawable)
  (* (gimp-drawable-get-width drawable) (gimp-drawable-get-height drawable)))

; The expected number of dots over an area in px² at a density in FU/cm² and a resolution in ppi.
(define (smp-expected-dots area-px density ppi)
  (let ((px-per-cm (/ ppi 2.54)))
    (* density (/ area-px (* px-per-cm px-per-cm)))))

; The pixels `dots` round dots of a diameter in mm cover at a resolution in ppi.
(define (smp-dots-area dots dot-size-mm ppi)
  (let ((d (* dot-size-mm (/ ppi 25.4))))
    (* dots 0.785398 d d)))

; A PDB array result as a list (string arrays come as lists, object arrays as vectors).
(define (smp->list array)
  (if (vector? array) (vector->list array) array))

(define (smp-filter-names drawable)
  (map (lambda (filter) (gimp-drawable-filter-get-operation-name filter))
       (vector->list (gimp-drawable-get-filters drawable))))
