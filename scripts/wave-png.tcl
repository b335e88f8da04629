# Renders one window of a waveform to PNG inside a headless GTKWave, then quits.
# Run by scripts/wave-png.sh, which passes its arguments in the environment:
#   WAVE_PNG_OUT        the PNG to write
#   WAVE_PNG_FROM_NS    window start in ns (empty: the whole trace)
#   WAVE_PNG_TO_NS      window end in ns
#   WAVE_PNG_MARK_A_NS  optional marker "free" (release start), in ns
#   WAVE_PNG_MARK_B_NS  optional marker "released" (release end), in ns

proc env_or {name fallback} {
  global env
  if {[info exists env($name)] && $env($name) ne ""} { return $env($name) }
  return $fallback
}

# Trace time units per ns: GTKWave takes times in the dump's own unit.
proc ns_to_trace {ns} {
  switch -- [gtkwave::getTimeDimension] {
    f { return [expr {wide($ns * 1000000)}] }
    p { return [expr {wide($ns * 1000)}] }
    n { return [expr {wide($ns)}] }
    u { return [expr {wide($ns / 1000)}] }
    m { return [expr {wide($ns / 1000000)}] }
    default { return [expr {wide($ns / 1000000000)}] }
  }
}

set out [env_or WAVE_PNG_OUT wave.png]

# Without a save file nothing is shown yet: take pp_top's own signals.
if {[llength [gtkwave::getDisplayedSignals]] == 0} {
  set sigs {}
  for {set i 0} {$i < [gtkwave::getNumFacs]} {incr i} {
    set name [gtkwave::getFacName $i]
    if {[regexp {^TOP\.pp_top\.[^.]+$} $name]} { lappend sigs $name }
  }
  if {[llength $sigs] == 0} {
    for {set i 0} {$i < [gtkwave::getNumFacs]} {incr i} { lappend sigs [gtkwave::getFacName $i] }
  }
  gtkwave::addSignalsFromList $sigs
}

set from [env_or WAVE_PNG_FROM_NS ""]
set to [env_or WAVE_PNG_TO_NS ""]
if {$from ne "" && $to ne "" && $to > $from} {
  gtkwave::setZoomRangeTimes [ns_to_trace $from] [ns_to_trace $to]
} else {
  gtkwave::/Time/Zoom/Zoom_Full
}
set mark_a [env_or WAVE_PNG_MARK_A_NS ""]
set mark_b [env_or WAVE_PNG_MARK_B_NS ""]
if {$mark_a ne ""} { gtkwave::setNamedMarker A [ns_to_trace $mark_a] "free" }
if {$mark_b ne ""} { gtkwave::setNamedMarker B [ns_to_trace $mark_b] "released" }

puts "wave-png: window [gtkwave::getWindowStartTime] .. [gtkwave::getWindowEndTime]\
 [gtkwave::getTimeDimension]s, [llength [gtkwave::getDisplayedSignals]] signals"
gtkwave::/File/Grab_To_File $out
gtkwave::/File/Quit
