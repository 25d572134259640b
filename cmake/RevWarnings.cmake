# One place for the flags every rev target shares: warnings (errors by default, as in CI)
# and the optional sanitizers.
add_library(rev_build_flags INTERFACE)
target_compile_features(rev_build_flags INTERFACE cxx_std_17)
target_compile_options(rev_build_flags INTERFACE -Wall -Wextra -Wpedantic -Wshadow
                       -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual)
if(REV_WERROR)
  target_compile_options(rev_build_flags INTERFACE -Werror)
endif()
if(REV_SANITIZE)
  # GCC 12 warns falsely of maybe-uninitialized values in <regex> (Catch2's) once the
  # sanitizers instrument it at -O2; the warning is a known false positive there.
  target_compile_options(rev_build_flags INTERFACE -fsanitize=address,undefined
                         -fno-omit-frame-pointer -fno-sanitize-recover=undefined
                         -Wno-maybe-uninitialized)
  target_link_options(rev_build_flags INTERFACE -fsanitize=address,undefined)
endif()
