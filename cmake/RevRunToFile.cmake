# cmake -DPROGRAM=... "-DARGS=a b" -DOUTPUT=file [-DGZIP=file.gz] -P cmake/RevRunToFile.cmake
# Runs PROGRAM ARGS with its stdout into OUTPUT (and, with GZIP, a copy compressed as
# Debian's man pages are: gzip -9n, no name or time stored, so the bytes are reproducible).
# Fails the build when the program fails.
separate_arguments(args UNIX_COMMAND "${ARGS}")
execute_process(COMMAND ${PROGRAM} ${args} OUTPUT_FILE ${OUTPUT} RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  file(REMOVE ${OUTPUT})
  message(FATAL_ERROR "${PROGRAM} ${ARGS} failed (${status})")
endif()
if(GZIP)
  execute_process(COMMAND gzip -9n -c ${OUTPUT} OUTPUT_FILE ${GZIP} RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "gzip ${OUTPUT} failed (${status})")
  endif()
endif()
