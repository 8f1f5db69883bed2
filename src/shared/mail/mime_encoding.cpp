#include "shared/mail/mime_encoding.hpp"

#include <algorithm>
#include <stdexcept>

namespace crest::mail {

namespace {

constexpr char kHex[] = "0123456789ABCDEF";
constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::size_t kQpLineLimit = 76;  // characters before CRLF, the soft-break '=' included
constexpr std::size_t kWordBytes = 39;    // 52 base64 characters: a 64-character encoded-word

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// One line (no line end) of quoted-printable, soft breaks included.
void encode_qp_line(std::string_view line, std::string& out) {
  std::size_t column = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    auto byte = static_cast<unsigned char>(line[i]);
    bool last = i + 1 == line.size();
    bool literal = (byte >= 33 && byte <= 126 && byte != '=') || ((byte == ' ' || byte == '\t') && !last);
    std::size_t width = literal ? 1 : 3;
    // Room for this token and, unless it ends the line, the '=' of a soft break after it.
    if (column + width > kQpLineLimit - (last ? 0 : 1)) {
      out += "=\r\n";
      column = 0;
    }
    if (literal) {
      out += static_cast<char>(byte);
    } else {
      out += '=';
      out += kHex[byte >> 4];
      out += kHex[byte & 0x0F];
    }
    column += width;
  }
}

// Length of the UTF-8 sequence a lead byte starts (1 for anything else, so bad input still ends).
std::size_t utf8_sequence_length(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

std::string decode_q(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '_') {
      out += ' ';
    } else if (text[i] == '=' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
               hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

std::string normalize_line_ends(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 32);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out += "\r\n";
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (text[i] == '\n') {
      out += "\r\n";
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string quoted_printable_encode(std::string_view text) {
  std::string normalized = normalize_line_ends(text);
  std::string_view rest = normalized;
  std::string out;
  out.reserve(normalized.size() + normalized.size() / 8);
  while (!rest.empty()) {
    auto end = rest.find("\r\n");
    encode_qp_line(rest.substr(0, end), out);
    if (end == std::string_view::npos) break;
    out += "\r\n";
    rest.remove_prefix(end + 2);
  }
  return out;
}

std::string quoted_printable_decode(std::string_view encoded) {
  std::string out;
  out.reserve(encoded.size());
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    char c = encoded[i];
    if (c != '=') {
      out += c;
    } else if (encoded.substr(i + 1, 2) == "\r\n") {
      i += 2;  // soft break
    } else if (encoded.substr(i + 1, 1) == "\n") {
      i += 1;
    } else if (i + 2 < encoded.size() && hex_value(encoded[i + 1]) >= 0 && hex_value(encoded[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(encoded[i + 1]) * 16 + hex_value(encoded[i + 2]));
      i += 2;
    } else {
      out += c;  // a stray '=': kept, as RFC 2045 advises a lenient decoder to do
    }
  }
  return out;
}

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    unsigned value = static_cast<unsigned char>(bytes[i]) << 16 |
                     static_cast<unsigned char>(bytes[i + 1]) << 8 | static_cast<unsigned char>(bytes[i + 2]);
    out += kBase64[(value >> 18) & 63];
    out += kBase64[(value >> 12) & 63];
    out += kBase64[(value >> 6) & 63];
    out += kBase64[value & 63];
  }
  if (std::size_t left = bytes.size() - i; left > 0) {
    unsigned value = static_cast<unsigned char>(bytes[i]) << 16;
    if (left == 2) value |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kBase64[(value >> 18) & 63];
    out += kBase64[(value >> 12) & 63];
    out += left == 2 ? kBase64[(value >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string base64_decode(std::string_view text) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '\r' || c == '\n') continue;
    if (c == '=') break;
    int value = base64_value(c);
    if (value < 0) throw std::invalid_argument("not base64");
    buffer = (buffer << 6) | static_cast<unsigned>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

std::string encoded_words(std::string_view text) {
  std::string out;
  while (!text.empty()) {
    std::size_t take = 0;
    while (take < text.size()) {
      std::size_t next = utf8_sequence_length(static_cast<unsigned char>(text[take]));
      if (take + next > kWordBytes && take > 0) break;
      take += next;
    }
    take = std::min(take, text.size());
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64_encode(text.substr(0, take)) + "?=";
    text.remove_prefix(take);
  }
  return out;
}

std::string decode_encoded_words(std::string_view value) {
  std::string out;
  std::string pending_space;  // whitespace after a word: dropped if another word follows
  bool after_word = false;
  std::size_t i = 0;
  while (i < value.size()) {
    if (value.substr(i, 2) == "=?") {
      auto charset_end = value.find('?', i + 2);
      auto encoding_end =
          charset_end == std::string_view::npos ? charset_end : value.find('?', charset_end + 1);
      auto word_end =
          encoding_end == std::string_view::npos ? encoding_end : value.find("?=", encoding_end + 1);
      if (word_end != std::string_view::npos && encoding_end == charset_end + 2) {
        char encoding = value[charset_end + 1];
        std::string_view payload = value.substr(encoding_end + 1, word_end - encoding_end - 1);
        if (!after_word) out += pending_space;
        pending_space.clear();
        out += (encoding == 'B' || encoding == 'b') ? base64_decode(payload) : decode_q(payload);
        after_word = true;
        i = word_end + 2;
        continue;
      }
    }
    char c = value[i++];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      if (c == ' ' || c == '\t') pending_space += c;
      continue;
    }
    out += pending_space;
    pending_space.clear();
    out += c;
    after_word = false;
  }
  out += pending_space;
  return out;
}

}  // namespace crest::mail
