; plug-in-smp-sessions from Script-Fu with named arguments: a three-session plan over a selection,
; its report as return values, one layer per session, and the photo unchanged.

(let* ((image (smp-make-image 300 220 RGB 300))
       (photo (smp-first-layer image))
       (before (smp-snapshot photo))
       (dummy (gimp-image-select-rectangle image CHANNEL-OP-REPLACE 30 20 240 180))
       (plan (plug-in-smp-sessions #:run-mode RUN-NONINTERACTIVE #:image image
                                   #:drawables (vector photo) #:coverages "0.3 0.7 1"
                                   #:hair-type "dark-brown" #:skin-tone "fitzpatrick-4"
                                   #:density 70 #:pace 5000 #:merge #t))
       (layers (smp->list (list-ref plan 0)))
       (dots (smp->list (list-ref plan 1)))
       (area (list-ref plan 3))
       (total (list-ref plan 4))
       (hours (list-ref plan 5))
       (report (list-ref plan 6))
       (px-per-cm (/ 300 2.54))
       (selected (/ (* 240 180) (* px-per-cm px-per-cm))))
  (smp-assert-equal (length layers) 3 "one layer per session")
  (smp-assert-range area (* 0.999 selected) (* 1.001 selected) "treated area in cm²")
  (smp-assert-equal total (apply + dots) "total dots = the sum of the sessions")
  (smp-assert-range (list-ref dots 0) (- (* 0.3 70 area) 1) (+ (* 0.3 70 area) 1)
                    "session 1 dots = 30 % of density x area")
  (smp-assert-range hours (- (+ (/ total 5000.0) 2.0) 1e-6) (+ (+ (/ total 5000.0) 2.0) 1e-6)
                    "hours at 5000 dots per hour plus 1 + 0.5 + 0.5 h of setting up")
  (smp-assert (> (string-length report) 0) "a report")
  (for-each (lambda (layer)
              (smp-assert (> (smp-alpha-count layer 0.5) 0) "each session layer holds dots"))
            layers)
  (smp-assert-unchanged before photo "photo pixels unchanged")
  (smp-log "report: " report)
  (gimp-image-delete image))

(smp-log "test-sessions.scm: all assertions passed")
