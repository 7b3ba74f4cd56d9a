; smp-studio Script-Fu batch: adds a baked follicle-dot layer to every photo matching a pattern
; and exports the result as PNG into a folder.
;
;   gimp-console-3.0 -i --batch-interpreter plug-in-script-fu-eval \
;     -b '(begin (load "examples/smp-batch.scm") (smp-batch "photos/*.jpg" "out" "dark-brown" "monk-5" 300))' \
;     --quit
;
; ppi is the photos' true scale (see plug-in-smp-calibrate); 0 uses each image's own resolution.

(script-fu-use-v3)

(define (smp-batch pattern out-dir hair-type skin-tone ppi)
  (for-each
    (lambda (filename)
      (let* ((image (gimp-file-load RUN-NONINTERACTIVE filename))
             (photo (vector-ref (gimp-image-get-layers image) 0))
             (base (car (reverse (strbreakup filename "/"))))
             (stem (car (strbreakup base ".")))
             (target (string-append out-dir "/" stem "-smp.png")))
        (plug-in-smp-follicles #:run-mode RUN-NONINTERACTIVE #:image image
                               #:drawables (vector photo) #:hair-type hair-type
                               #:skin-tone skin-tone #:appearance "healed" #:merge #t
                               #:ppi ppi)
        (gimp-image-flatten image)
        (gimp-file-save RUN-NONINTERACTIVE image target -1)
        (gimp-image-delete image)))
    (file-glob pattern 0)))
