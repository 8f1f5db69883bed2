# The allocator the server executables link. crest makes ~140 small allocations per request
# (JSON views, strings, SQLite's own: Debian builds SQLite without lookaside); jemalloc serves
# them in ~13 % fewer instructions than glibc's malloc (bench/instructions) and returns freed
# memory to the system over time. Sanitizer builds keep the system allocator: ASan brings its own.
set(CREST_ALLOCATOR "jemalloc" CACHE STRING "Allocator of the crest executable: jemalloc or system")
set_property(CACHE CREST_ALLOCATOR PROPERTY STRINGS jemalloc system)

add_library(crest_allocator INTERFACE)
if(CREST_ALLOCATOR STREQUAL "jemalloc" AND NOT CREST_SANITIZE)
  pkg_check_modules(JEMALLOC REQUIRED IMPORTED_TARGET jemalloc)
  target_link_libraries(crest_allocator INTERFACE PkgConfig::JEMALLOC)
elseif(NOT CREST_ALLOCATOR STREQUAL "system" AND NOT CREST_SANITIZE)
  message(FATAL_ERROR "CREST_ALLOCATOR must be jemalloc or system, not '${CREST_ALLOCATOR}'")
endif()
