; Hostile calls from Script-Fu to every procedure: numbers out of range and not a number, empty and
; absurd strings, words that are none of their argument's choices, drawables of another image,
; indexed images, plans too large to count, an unwritable PDF path. Each call fails with an error,
; adds no layer and leaves the photo's pixels as they were (test-hostile.py checks the messages).
; A NaN never reaches a procedure: GObject refuses to store it in the argument (a critical on
; stderr) and the argument keeps its default, so those calls must only leave the photo as it was.

; inf - inf: TinyScheme refuses 0/0.
; The call may run or fail; the photo stays as it was.
(define (smp-harmless image photo what thunk)
  (let ((before (smp-snapshot photo)))
    (catch #t (thunk))
    (smp-assert-unchanged before photo (string-append what ": photo unchanged"))))

(define not-a-number (- (exp 1000.0) (exp 1000.0)))

(let* ((image (smp-make-image 64 48 RGB 300))
       (photo (smp-first-layer image))
       (other (smp-make-image 32 32 RGB 300))
       (foreign (smp-first-layer other))
       (indexed (smp-make-image 48 40 RGB 300))
       (absurd (make-string 20000 #\x)))
  (gimp-image-convert-indexed indexed CONVERT-DITHER-NONE CONVERT-PALETTE-GENERATE 16 #f #f "")

  ; Dots, hairline and session plan share the dots arguments.
  (for-each
   (lambda (call)
     (let ((name (car call)) (run (cadr call)))
       (smp-refused image photo (string-append name ": density 500")
                    (lambda () (run image (vector photo) #:density 500.0)))
       (smp-refused image photo (string-append name ": density -1")
                    (lambda () (run image (vector photo) #:density -1.0)))
       (smp-harmless image photo (string-append name ": density NaN")
                    (lambda () (run image (vector photo) #:density not-a-number)))
       (smp-refused image photo (string-append name ": ppi 1e9")
                    (lambda () (run image (vector photo) #:ppi 1e9)))
       (smp-refused image photo (string-append name ": empty hair type")
                    (lambda () (run image (vector photo) #:hair-type "")))
       (smp-refused image photo (string-append name ": absurd skin tone")
                    (lambda () (run image (vector photo) #:skin-tone absurd)))
       ; A word of no choice is refused, not taken as the default.
       (smp-refused image photo (string-append name ": appearance bogus")
                    (lambda () (run image (vector photo) #:appearance "bogus")))
       (smp-refused image photo (string-append name ": a layer of another image")
                    (lambda () (run image (vector foreign))))
       (smp-refused indexed (smp-first-layer indexed) (string-append name ": an indexed image")
                    (lambda () (run indexed (vector (smp-first-layer indexed)))))))
   (list (list "follicles"
               (lambda (image drawables . arguments)
                 (apply plug-in-smp-follicles #:run-mode RUN-NONINTERACTIVE #:image image
                        #:drawables drawables arguments)))
         (list "hairline"
               (lambda (image drawables . arguments)
                 (apply plug-in-smp-hairline #:run-mode RUN-NONINTERACTIVE #:image image
                        #:drawables drawables #:fill-dots #t arguments)))
         (list "sessions"
               (lambda (image drawables . arguments)
                 (apply plug-in-smp-sessions #:run-mode RUN-NONINTERACTIVE #:image image
                        #:drawables drawables arguments)))))

  ; Session lists and a plan too large to count.
  (for-each
   (lambda (coverages)
     (smp-refused image photo (string-append "sessions: coverages \"" coverages "\"")
                  (lambda ()
                    (plug-in-smp-sessions #:run-mode RUN-NONINTERACTIVE #:image image
                                          #:drawables (vector photo) #:coverages coverages))))
   (list "" "nan" "1 0.5" "0.5 0.5" "0 1" "0.1 0.2 0.3 0.4 0.5 0.6 0.7" absurd))
  (let* ((big (smp-make-image 2000 2000 RGB 1)))
    (smp-refused big (smp-first-layer big) "sessions: a plan of 5e9 dots"
                 (lambda ()
                   (plug-in-smp-sessions #:run-mode RUN-NONINTERACTIVE #:image big
                                         #:drawables (vector (smp-first-layer big))
                                         #:density 200.0 #:ppi 1.0)))
    (gimp-image-delete big))

  ; Scar camouflage: an out-of-range and a NaN number, a foreign layer.
  (gimp-image-select-rectangle image CHANNEL-OP-REPLACE 0 0 64 48)
  (smp-refused image photo "scar-camouflage: density multiplier 9"
               (lambda ()
                 (plug-in-smp-scar-camouflage #:run-mode RUN-NONINTERACTIVE #:image image
                                              #:drawables (vector photo)
                                              #:density-multiplier 9.0)))
  (smp-harmless image photo "scar-camouflage: feather NaN"
               (lambda ()
                 (plug-in-smp-scar-camouflage #:run-mode RUN-NONINTERACTIVE #:image image
                                              #:drawables (vector photo)
                                              #:feather not-a-number)))
  (smp-refused image photo "scar-camouflage: scar-detect bogus"
               (lambda ()
                 (plug-in-smp-scar-camouflage #:run-mode RUN-NONINTERACTIVE #:image image
                                              #:drawables (vector photo) #:scar-detect "bogus")))
  (smp-refused image photo "scar-camouflage: a layer of another image"
               (lambda ()
                 (plug-in-smp-scar-camouflage #:run-mode RUN-NONINTERACTIVE #:image image
                                              #:drawables (vector foreign))))
  (gimp-selection-none image)

  ; Calibrate: the resolution stays as it was.
  (for-each
   (lambda (case)
     (smp-refused image photo (string-append "calibrate: " (car case))
                  (lambda ()
                    (apply plug-in-smp-calibrate #:run-mode RUN-NONINTERACTIVE #:image image
                           #:drawables (vector photo) (cdr case))))
     (smp-assert-equal (gimp-image-get-resolution image) (list 300.0 300.0)
                       (string-append "calibrate: " (car case) ": resolution kept")))
   (list (list "distance 0" #:x1 1.0 #:y1 1.0 #:x2 40.0 #:y2 30.0 #:distance 0.0)
         (list "x1 NaN (as the default 0: two points 0 px apart)" #:x1 not-a-number #:y1 0.0
               #:x2 0.0 #:y2 0.0 #:distance 10.0)
         (list "one point" #:x1 5.0 #:y1 5.0 #:x2 5.0 #:y2 5.0 #:distance 10.0)
         (list "a point beyond GIMP's largest image" #:x1 1e7 #:y1 1.0 #:x2 40.0 #:y2 30.0
               #:distance 10.0)
         (list "a layer of another image" #:drawables (vector foreign) #:x1 1.0 #:y1 1.0
               #:x2 40.0 #:y2 30.0 #:distance 10.0)))

  ; Stencil: an out-of-range resolution, a PDF nobody may write.
  (let ((images (length (smp->list (gimp-get-images)))))
    (smp-assert-error (lambda () (plug-in-smp-stencil #:run-mode RUN-NONINTERACTIVE #:ppi 1e6))
                      "stencil: ppi 1e6")
    (smp-assert-error (lambda () (plug-in-smp-stencil #:run-mode RUN-NONINTERACTIVE #:view "side"))
                      "stencil: view side (left or right)")
    (smp-assert-error (lambda ()
                        (plug-in-smp-stencil #:run-mode RUN-NONINTERACTIVE
                                             #:file "/nonexistent/smp/stencil.pdf"))
                      "stencil: a PDF in a missing folder")
    (smp-assert-equal (length (smp->list (gimp-get-images))) images "stencil: no image left behind"))

  (gimp-image-delete indexed)
  (gimp-image-delete other)
  (gimp-image-delete image))

(smp-log "test-hostile.scm: all assertions passed")
