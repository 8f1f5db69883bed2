# Debian 12 packages only; see README "Dependencies".
find_package(Boost 1.81.0 EXACT CONFIG REQUIRED COMPONENTS json url)
# Asio recycles coroutine frames through a per-thread cache of 2 by default; a request nests ~10
# awaitables, so most frames went to the allocator and back. (Every file that includes Asio must
# see the same value: it sizes a struct.)
add_compile_definitions(BOOST_ASIO_RECYCLING_ALLOCATOR_CACHE_SIZE=16)
find_package(Threads REQUIRED)
find_package(fmt REQUIRED)
find_package(PostgreSQL REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBJWT REQUIRED IMPORTED_TARGET libjwt)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(HIREDIS REQUIRED IMPORTED_TARGET hiredis)
# Schema patterns run on RE2: linear time and no recursion, whatever the input (std::regex
# recurses per character and overflows the stack on a long string).
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
# SMTP (src/shared/mail), and the tests' HTTP client.
find_package(CURL REQUIRED)
# Time zones for crons: the system tzdata through Howard Hinnant's date (USE_OS_TZDB).
find_package(date CONFIG REQUIRED)
if(CREST_BUILD_TESTS)
  find_package(GTest CONFIG REQUIRED)
endif()

# MsgPuck (libmsgpuck-dev): msgpack for BullMQ's script arguments; a header and a static library.
find_path(MSGPUCK_INCLUDE_DIR msgpuck.h REQUIRED)
find_library(MSGPUCK_LIBRARY NAMES libmsgpuck.a msgpuck REQUIRED)
add_library(msgpuck::msgpuck STATIC IMPORTED)
set_target_properties(msgpuck::msgpuck PROPERTIES IMPORTED_LOCATION "${MSGPUCK_LIBRARY}"
                                                  INTERFACE_INCLUDE_DIRECTORIES "${MSGPUCK_INCLUDE_DIR}")
