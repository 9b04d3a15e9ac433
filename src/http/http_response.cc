#include "http/http_response.h"

#include "http/http_status.h"

namespace openwsus::http {

HttpResponse HttpResponse::Text(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.headers.Set("Content-Type", "text/plain; charset=utf-8");
  response.body = std::move(body);
  return response;
}

HttpResponse HttpResponse::Json(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.headers.Set("Content-Type", "application/json");
  response.body = std::move(body);
  return response;
}

HttpResponse HttpResponse::File(std::string path, std::string content_type) {
  HttpResponse response;
  response.headers.Set("Content-Type", std::move(content_type));
  response.file = FileBody{std::move(path)};
  return response;
}

HttpResponse HttpResponse::ForStatus(const Status& status) {
  int code = HttpStatusFor(status);
  std::string body = code >= 500 ? std::string(ReasonPhrase(code)) : status.ToString();
  body += '\n';
  return Text(code, std::move(body));
}

}  // namespace openwsus::http
