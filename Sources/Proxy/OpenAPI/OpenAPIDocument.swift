/// The OpenAPI 3.1 document of Prism's HTTP API (SPEC §16): kept here, in the binary, and served as is at
/// `GET /openapi.json`. Edit the JSON below when a route changes; `OpenAPIRouteTests` fails while a
/// registered route is missing from it or it names a path the server does not register, and the client
/// tests validate it with openapi-spec-validator and fuzz a live Prism against it with schemathesis.
enum OpenAPIDocument {
    static let json = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "Prism",
    "version": "1.0.0",
    "description": "Prism, a self-hosted AI gateway: every modality through chat completions and responses by the model name, stored conversations, media jobs and an MCP server. Errors are JSON {error: {message, type, param, code}} with a plain sentence. In local mode (no PASSWORD set) no key is needed.",
    "license": {
      "name": "See the repository"
    }
  },
  "servers": [
    {
      "url": "/"
    }
  ],
  "tags": [
    {
      "name": "Chat"
    },
    {
      "name": "Responses"
    },
    {
      "name": "Anthropic"
    },
    {
      "name": "Models"
    },
    {
      "name": "Media"
    },
    {
      "name": "Keys"
    },
    {
      "name": "MCP"
    },
    {
      "name": "Operations"
    },
    {
      "name": "Webhooks",
      "description": "Standard Webhooks: signed events with durable retries (SPEC section 15)."
    }
  ],
  "security": [
    {
      "bearerAuth": []
    },
    {
      "apiKeyHeader": []
    }
  ],
  "paths": {
    "/health": {
      "get": {
        "summary": "Liveness",
        "operationId": "health",
        "tags": [
          "Operations"
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "status"
                  ],
                  "properties": {
                    "status": {
                      "const": "ok"
                    }
                  }
                }
              }
            }
          }
        },
        "security": []
      }
    },
    "/openapi.json": {
      "get": {
        "summary": "This document",
        "operationId": "openapi",
        "tags": [
          "Operations"
        ],
        "responses": {
          "200": {
            "description": "The OpenAPI 3.1 document, as kept in the repository.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          }
        },
        "security": []
      }
    },
    "/docs": {
      "get": {
        "summary": "API reference page",
        "operationId": "docs",
        "tags": [
          "Operations"
        ],
        "responses": {
          "200": {
            "description": "A page of Prism's own that renders /openapi.json.",
            "content": {
              "text/html": {
                "schema": {
                  "type": "string"
                }
              }
            }
          }
        },
        "security": []
      }
    },
    "/v1/chat/completions": {
      "post": {
        "summary": "Create a chat completion",
        "operationId": "createChatCompletion",
        "tags": [
          "Chat"
        ],
        "responses": {
          "200": {
            "description": "The answer; with stream true, chat.completion.chunk events, progress of media jobs and tools as delta.reasoning_content, then data: [DONE].",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ChatCompletion"
                }
              },
              "text/event-stream": {
                "schema": {
                  "$ref": "#/components/schemas/ServerSentEvent",
                  "description": "chat.completion.chunk events"
                }
              }
            },
            "headers": {
              "X-Prism-Job-Id": {
                "description": "The media job behind this answer (media models only).",
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "429": {
            "$ref": "#/components/responses/RateLimited"
          },
          "502": {
            "$ref": "#/components/responses/UpstreamError"
          },
          "504": {
            "$ref": "#/components/responses/Timeout"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ChatCompletionRequest"
              }
            }
          }
        },
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      },
      "get": {
        "summary": "List stored chat completions",
        "operationId": "listChatCompletions",
        "tags": [
          "Chat"
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "object",
                    "data",
                    "has_more"
                  ],
                  "properties": {
                    "object": {
                      "const": "list"
                    },
                    "data": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/ChatCompletion"
                      }
                    },
                    "first_id": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "last_id": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "has_more": {
                      "type": "boolean"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 100,
              "default": 20
            },
            "description": "Page size, 1 to 100."
          },
          {
            "name": "after",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{0,128}$"
            },
            "description": "The last_id of the previous page."
          },
          {
            "name": "order",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "enum": [
                "asc",
                "desc"
              ],
              "default": "asc"
            },
            "description": "Creation order."
          },
          {
            "name": "model",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string"
            },
            "description": "Only this model."
          }
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      }
    },
    "/v1/chat/completions/{id}": {
      "get": {
        "summary": "Get a stored chat completion",
        "operationId": "getChatCompletion",
        "tags": [
          "Chat"
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ChatCompletion"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{1,128}$"
            },
            "description": "The id: letters, digits, _ and -."
          }
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      },
      "delete": {
        "summary": "Delete a stored chat completion",
        "operationId": "deleteChatCompletion",
        "tags": [
          "Chat"
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Deleted"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{1,128}$"
            },
            "description": "The id: letters, digits, _ and -."
          }
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      }
    },
    "/v1/chat/completions/{id}/messages": {
      "get": {
        "summary": "The messages of a stored chat completion",
        "operationId": "getChatCompletionMessages",
        "tags": [
          "Chat"
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "object",
                    "data",
                    "has_more"
                  ],
                  "properties": {
                    "object": {
                      "const": "list"
                    },
                    "data": {
                      "type": "array",
                      "items": {
                        "type": "object"
                      }
                    },
                    "first_id": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "last_id": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "has_more": {
                      "type": "boolean"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{1,128}$"
            },
            "description": "The id: letters, digits, _ and -."
          }
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      }
    },
    "/v1/responses": {
      "post": {
        "summary": "Create a response",
        "operationId": "createResponse",
        "tags": [
          "Responses"
        ],
        "responses": {
          "200": {
            "description": "The response; with stream true, Responses events (media progress as reasoning summary deltas).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Response"
                }
              },
              "text/event-stream": {
                "schema": {
                  "$ref": "#/components/schemas/ServerSentEvent",
                  "description": "Responses API events"
                }
              }
            },
            "headers": {
              "X-Prism-Job-Id": {
                "description": "The media job behind this answer (media models only).",
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "429": {
            "$ref": "#/components/responses/RateLimited"
          },
          "502": {
            "$ref": "#/components/responses/UpstreamError"
          },
          "504": {
            "$ref": "#/components/responses/Timeout"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ResponsesRequest"
              }
            }
          }
        },
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      },
      "get": {
        "summary": "List your stored responses",
        "operationId": "listResponses",
        "tags": [
          "Responses"
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "object",
                    "data",
                    "has_more"
                  ],
                  "properties": {
                    "object": {
                      "const": "list"
                    },
                    "data": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/ResponseSummary"
                      }
                    },
                    "first_id": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "last_id": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "has_more": {
                      "type": "boolean"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "description": "Extension of SPEC section 6: the caller's responses, newest first.",
        "parameters": [
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 100,
              "default": 20
            },
            "description": "Page size, 1 to 100."
          },
          {
            "name": "after",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{0,128}$"
            },
            "description": "The last_id of the previous page."
          },
          {
            "name": "prefix",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string"
            },
            "description": "Only ids starting so."
          },
          {
            "name": "model",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string"
            },
            "description": "Only this model."
          }
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ],
        "x-prism-extension": true
      }
    },
    "/v1/responses/all": {
      "delete": {
        "summary": "Delete all your stored responses",
        "operationId": "deleteAllResponses",
        "tags": [
          "Responses"
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "object",
                    "deleted",
                    "deleted_count"
                  ],
                  "properties": {
                    "object": {
                      "const": "list"
                    },
                    "deleted": {
                      "const": true
                    },
                    "deleted_count": {
                      "type": "integer"
                    }
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "description": "Extension of SPEC section 6: deletes every response of the caller (the admin: of everybody).",
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ],
        "x-prism-extension": true
      }
    },
    "/v1/responses/{id}": {
      "get": {
        "summary": "Get a stored response",
        "operationId": "getResponse",
        "tags": [
          "Responses"
        ],
        "responses": {
          "200": {
            "description": "The stored response; with stream=true, its events: a background response's stored events then live ones until it ends, any other replayed.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Response"
                }
              },
              "text/event-stream": {
                "schema": {
                  "$ref": "#/components/schemas/ServerSentEvent",
                  "description": "Responses API events"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{1,128}$"
            },
            "description": "The id: letters, digits, _ and -."
          },
          {
            "name": "stream",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "enum": [
                "true",
                "false"
              ]
            },
            "description": "Replay as server-sent events."
          },
          {
            "name": "starting_after",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "minimum": 0
            },
            "description": "With stream=true: resume after the event of this sequence_number (stored events, then live ones of a background response)."
          }
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      },
      "delete": {
        "summary": "Delete a stored response",
        "operationId": "deleteResponse",
        "tags": [
          "Responses"
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Deleted"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{1,128}$"
            },
            "description": "The id: letters, digits, _ and -."
          }
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      }
    },
    "/v1/responses/{id}/input_items": {
      "get": {
        "summary": "The input items of a stored response",
        "operationId": "listInputItems",
        "tags": [
          "Responses"
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "object",
                    "data",
                    "has_more"
                  ],
                  "properties": {
                    "object": {
                      "const": "list"
                    },
                    "data": {
                      "type": "array",
                      "items": {
                        "type": "object"
                      }
                    },
                    "first_id": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "last_id": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "has_more": {
                      "type": "boolean"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{1,128}$"
            },
            "description": "The id: letters, digits, _ and -."
          },
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 100,
              "default": 20
            },
            "description": "Page size, 1 to 100."
          },
          {
            "name": "after",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{0,128}$"
            },
            "description": "The last_id of the previous page."
          },
          {
            "name": "order",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "enum": [
                "asc",
                "desc"
              ],
              "default": "desc"
            },
            "description": "Creation order."
          }
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      }
    },
    "/v1/conversations": {
      "get": {
        "summary": "List your conversations",
        "operationId": "listConversations",
        "tags": [
          "Responses"
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "object",
                    "data",
                    "has_more"
                  ],
                  "properties": {
                    "object": {
                      "const": "list"
                    },
                    "data": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Conversation"
                      }
                    },
                    "first_id": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "last_id": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "has_more": {
                      "type": "boolean"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "description": "Extension of SPEC section 6 (for the TUI): one entry per leaf of a response chain, newest first.",
        "parameters": [
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 100,
              "default": 20
            },
            "description": "Page size, 1 to 100."
          },
          {
            "name": "after",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{0,128}$"
            },
            "description": "The last_id of the previous page."
          }
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ],
        "x-prism-extension": true
      }
    },
    "/v1/messages": {
      "post": {
        "summary": "Create a message (Anthropic)",
        "operationId": "createMessage",
        "tags": [
          "Anthropic"
        ],
        "responses": {
          "200": {
            "description": "Anthropic's message; with stream true, Anthropic's events.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "type"
                  ],
                  "properties": {
                    "id": {
                      "type": "string"
                    },
                    "type": {
                      "const": "message"
                    },
                    "content": {
                      "type": "array",
                      "items": {
                        "type": "object"
                      }
                    }
                  }
                }
              },
              "text/event-stream": {
                "schema": {
                  "$ref": "#/components/schemas/ServerSentEvent",
                  "description": "Anthropic Messages events"
                }
              }
            },
            "headers": {
              "X-Prism-Job-Id": {
                "description": "The media job behind this answer (media models only).",
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "400": {
            "description": "Bad request.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AnthropicError"
                }
              }
            }
          },
          "401": {
            "description": "No or wrong key.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AnthropicError"
                }
              }
            }
          },
          "404": {
            "description": "No such model.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AnthropicError"
                }
              }
            }
          },
          "default": {
            "description": "Any other error, in Anthropic's shape.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AnthropicError"
                }
              }
            }
          }
        },
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/MessagesRequest"
              }
            }
          }
        },
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      }
    },
    "/v1/messages/count_tokens": {
      "post": {
        "summary": "Count tokens (Anthropic)",
        "operationId": "countTokens",
        "tags": [
          "Anthropic"
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "input_tokens"
                  ],
                  "properties": {
                    "input_tokens": {
                      "type": "integer"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "description": "Bad request.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AnthropicError"
                }
              }
            }
          },
          "401": {
            "description": "No or wrong key.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AnthropicError"
                }
              }
            }
          },
          "default": {
            "description": "Any other error.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AnthropicError"
                }
              }
            }
          }
        },
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/MessagesRequest"
              }
            }
          }
        },
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      }
    },
    "/v1/models": {
      "get": {
        "summary": "List models",
        "operationId": "listModels",
        "tags": [
          "Models"
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "object",
                    "data"
                  ],
                  "properties": {
                    "object": {
                      "const": "list"
                    },
                    "data": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Model"
                      }
                    }
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "description": "admin/magic (admin only), the media models of every configured provider, and each loaded text provider's models.",
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      },
      "post": {
        "summary": "List models (POST)",
        "operationId": "listModelsPost",
        "tags": [
          "Models"
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "object",
                    "data"
                  ],
                  "properties": {
                    "object": {
                      "const": "list"
                    },
                    "data": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Model"
                      }
                    }
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "description": "The same as GET, for clients that POST.",
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      }
    },
    "/v1/images/generations": {
      "post": {
        "summary": "Generate an image",
        "operationId": "createImage",
        "tags": [
          "Media"
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ImagesResponse"
                }
              }
            },
            "headers": {
              "X-Prism-Job-Id": {
                "description": "The media job behind this answer (media models only).",
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "502": {
            "$ref": "#/components/responses/UpstreamError"
          },
          "504": {
            "$ref": "#/components/responses/Timeout"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ImageGenerationRequest"
              }
            }
          }
        },
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      }
    },
    "/v1/media": {
      "get": {
        "summary": "List your media",
        "operationId": "listMedia",
        "tags": [
          "Media"
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "object",
                    "data",
                    "has_more"
                  ],
                  "properties": {
                    "object": {
                      "const": "list"
                    },
                    "data": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Media"
                      }
                    },
                    "first_id": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "last_id": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "has_more": {
                      "type": "boolean"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 100,
              "default": 20
            },
            "description": "Page size, 1 to 100."
          },
          {
            "name": "after",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{0,128}$"
            },
            "description": "The last_id of the previous page."
          },
          {
            "name": "kind",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "enum": [
                "image",
                "video"
              ]
            },
            "description": "Only pictures or only videos."
          }
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      }
    },
    "/v1/media/{file}": {
      "get": {
        "summary": "Download a media file",
        "operationId": "getMediaFile",
        "tags": [
          "Media"
        ],
        "responses": {
          "200": {
            "description": "The file.",
            "headers": {
              "ETag": {
                "schema": {
                  "type": "string"
                }
              },
              "Cache-Control": {
                "schema": {
                  "type": "string"
                }
              }
            },
            "content": {
              "image/*": {
                "schema": {
                  "type": "string",
                  "contentMediaType": "image/*"
                }
              },
              "video/*": {
                "schema": {
                  "type": "string",
                  "contentMediaType": "video/*"
                }
              }
            }
          },
          "206": {
            "description": "The requested range.",
            "headers": {
              "Content-Range": {
                "schema": {
                  "type": "string"
                }
              }
            },
            "content": {
              "*/*": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "302": {
            "description": "With MEDIA_REDIRECT=presigned: a presigned URL of the object store.",
            "headers": {
              "Location": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "304": {
            "description": "Not modified (If-None-Match)."
          },
          "416": {
            "description": "The range is outside the file.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "description": "Needs the owner's key or the signature that Prism's links carry (sig, and exp with MEDIA_URL_TTL_SECONDS).",
        "parameters": [
          {
            "name": "file",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{1,128}(\\.[A-Za-z0-9]+)?$"
            },
            "description": "media_... with its extension, such as media_abc.png."
          },
          {
            "name": "sig",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string"
            },
            "description": "The link's signature."
          },
          {
            "name": "exp",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer"
            },
            "description": "The link's expiry (Unix seconds)."
          },
          {
            "name": "Range",
            "in": "header",
            "required": false,
            "schema": {
              "type": "string"
            },
            "description": "An HTTP byte range."
          }
        ],
        "security": [
          {},
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      },
      "delete": {
        "summary": "Delete a media file",
        "operationId": "deleteMedia",
        "tags": [
          "Media"
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Deleted"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "file",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{1,128}(\\.[A-Za-z0-9]+)?$"
            },
            "description": "media_..., with or without its extension."
          }
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      }
    },
    "/v1/jobs": {
      "get": {
        "summary": "List your media jobs",
        "operationId": "listJobs",
        "tags": [
          "Media"
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "object",
                    "data",
                    "has_more"
                  ],
                  "properties": {
                    "object": {
                      "const": "list"
                    },
                    "data": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Job"
                      }
                    },
                    "first_id": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "last_id": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "has_more": {
                      "type": "boolean"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 100,
              "default": 20
            },
            "description": "Page size, 1 to 100."
          },
          {
            "name": "after",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{0,128}$"
            },
            "description": "The last_id of the previous page."
          }
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      },
      "post": {
        "summary": "Start a media job",
        "operationId": "createJob",
        "tags": [
          "Media"
        ],
        "description": "Starts an image or video job without a chat (SPEC section 15). Answers 202 with the job and a Location header; with Prefer: wait=N (at most 60) it holds the answer until the job ends (200) or N seconds pass (202).",
        "parameters": [
          {
            "name": "Prefer",
            "in": "header",
            "required": false,
            "schema": {
              "type": "string",
              "pattern": "^wait=([0-9]|[1-5][0-9]|60)$"
            },
            "description": "wait=<seconds>, at most 60."
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "model",
                  "prompt"
                ],
                "additionalProperties": false,
                "properties": {
                  "model": {
                    "type": "string",
                    "description": "An image/ or video/ model, e.g. image/doubao or video/doubao-seedance."
                  },
                  "prompt": {
                    "type": "string",
                    "minLength": 1
                  },
                  "images": {
                    "type": "array",
                    "maxItems": 8,
                    "items": {
                      "type": "string"
                    },
                    "description": "Input images: URLs, data: URIs or Prism media links."
                  },
                  "webhook_url": {
                    "type": "string",
                    "description": "Where job.succeeded, job.failed or job.cancelled is sent (Standard Webhooks); checked by the guarded fetcher's rules."
                  },
                  "metadata": {
                    "type": "object",
                    "maxProperties": 16,
                    "additionalProperties": {
                      "type": "string",
                      "maxLength": 512
                    }
                  },
                  "size": {
                    "type": [
                      "string",
                      "number",
                      "integer",
                      "boolean"
                    ],
                    "description": "The --size flag (SPEC section 5)."
                  },
                  "ratio": {
                    "type": [
                      "string",
                      "number",
                      "integer",
                      "boolean"
                    ],
                    "description": "The --ratio flag (SPEC section 5)."
                  },
                  "seed": {
                    "type": [
                      "string",
                      "number",
                      "integer",
                      "boolean"
                    ],
                    "description": "The --seed flag (SPEC section 5)."
                  },
                  "guidance": {
                    "type": [
                      "string",
                      "number",
                      "integer",
                      "boolean"
                    ],
                    "description": "The --guidance flag (SPEC section 5)."
                  },
                  "steps": {
                    "type": [
                      "string",
                      "number",
                      "integer",
                      "boolean"
                    ],
                    "description": "The --steps flag (SPEC section 5)."
                  },
                  "negative": {
                    "type": [
                      "string",
                      "number",
                      "integer",
                      "boolean"
                    ],
                    "description": "The --negative flag (SPEC section 5)."
                  },
                  "negative_prompt": {
                    "type": [
                      "string",
                      "number",
                      "integer",
                      "boolean"
                    ],
                    "description": "The --negative_prompt flag (SPEC section 5)."
                  },
                  "n": {
                    "type": [
                      "string",
                      "number",
                      "integer",
                      "boolean"
                    ],
                    "description": "The --n flag (SPEC section 5)."
                  },
                  "format": {
                    "type": [
                      "string",
                      "number",
                      "integer",
                      "boolean"
                    ],
                    "description": "The --format flag (SPEC section 5)."
                  },
                  "duration": {
                    "type": [
                      "string",
                      "number",
                      "integer",
                      "boolean"
                    ],
                    "description": "The --duration flag (SPEC section 5)."
                  },
                  "resolution": {
                    "type": [
                      "string",
                      "number",
                      "integer",
                      "boolean"
                    ],
                    "description": "The --resolution flag (SPEC section 5)."
                  },
                  "camerafixed": {
                    "type": [
                      "string",
                      "number",
                      "integer",
                      "boolean"
                    ],
                    "description": "The --camerafixed flag (SPEC section 5)."
                  },
                  "frames": {
                    "type": [
                      "string",
                      "number",
                      "integer",
                      "boolean"
                    ],
                    "description": "The --frames flag (SPEC section 5)."
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The job ended within Prefer: wait.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Job"
                }
              }
            }
          },
          "202": {
            "description": "The job runs; follow it at Location.",
            "headers": {
              "Location": {
                "schema": {
                  "type": "string"
                }
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Job"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "429": {
            "$ref": "#/components/responses/RateLimited"
          },
          "502": {
            "$ref": "#/components/responses/UpstreamError"
          },
          "503": {
            "$ref": "#/components/responses/Unavailable"
          },
          "504": {
            "$ref": "#/components/responses/Timeout"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      }
    },
    "/v1/jobs/{id}": {
      "get": {
        "summary": "Get a media job",
        "operationId": "getJob",
        "tags": [
          "Media"
        ],
        "responses": {
          "200": {
            "description": "The job; with stream=true, events job.progress, then job.succeeded, job.failed or job.cancelled, each with the job object as data.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Job"
                }
              },
              "text/event-stream": {
                "schema": {
                  "$ref": "#/components/schemas/ServerSentEvent",
                  "description": "job events"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{1,128}$"
            },
            "description": "The id: letters, digits, _ and -."
          },
          {
            "name": "stream",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "enum": [
                "true",
                "false"
              ]
            },
            "description": "Follow the job as server-sent events."
          }
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      }
    },
    "/v1/jobs/{id}/cancel": {
      "post": {
        "summary": "Cancel a media job",
        "operationId": "cancelJob",
        "tags": [
          "Media"
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Job"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{1,128}$"
            },
            "description": "The id: letters, digits, _ and -."
          }
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      }
    },
    "/v1/admin/keys": {
      "post": {
        "summary": "Create a managed key",
        "operationId": "createKey",
        "tags": [
          "Keys"
        ],
        "responses": {
          "201": {
            "description": "The key, with its secret (shown this once).",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "id",
                    "object"
                  ],
                  "description": "A managed key; secret appears only when the key is created or rotated.",
                  "properties": {
                    "id": {
                      "type": "string"
                    },
                    "object": {
                      "const": "api_key"
                    },
                    "name": {
                      "type": "string"
                    },
                    "key_hint": {
                      "type": "string"
                    },
                    "secret": {
                      "type": "string"
                    },
                    "created_at": {
                      "type": "integer"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "description": "name, team_id, budget, rpm/rpd/tpm, models (patterns), tags, metadata, expires_at; see the README.",
                "properties": {
                  "name": {
                    "type": "string"
                  },
                  "team_id": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "models": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    }
                  },
                  "tags": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    }
                  },
                  "metadata": {
                    "type": "object"
                  }
                }
              }
            }
          }
        },
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      },
      "get": {
        "summary": "List managed keys",
        "operationId": "listKeys",
        "tags": [
          "Keys"
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "object",
                    "data",
                    "has_more"
                  ],
                  "properties": {
                    "object": {
                      "const": "list"
                    },
                    "data": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "required": [
                          "id",
                          "object"
                        ],
                        "description": "A managed key; secret appears only when the key is created or rotated.",
                        "properties": {
                          "id": {
                            "type": "string"
                          },
                          "object": {
                            "const": "api_key"
                          },
                          "name": {
                            "type": "string"
                          },
                          "key_hint": {
                            "type": "string"
                          },
                          "secret": {
                            "type": "string"
                          },
                          "created_at": {
                            "type": "integer"
                          }
                        }
                      }
                    },
                    "first_id": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "last_id": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "has_more": {
                      "type": "boolean"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 100,
              "default": 20
            },
            "description": "Page size, 1 to 100."
          },
          {
            "name": "after",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{0,128}$"
            },
            "description": "The last_id of the previous page."
          }
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      }
    },
    "/v1/admin/keys/{id}": {
      "get": {
        "summary": "Get a managed key",
        "operationId": "getKey",
        "tags": [
          "Keys"
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "id",
                    "object"
                  ],
                  "description": "A managed key; secret appears only when the key is created or rotated.",
                  "properties": {
                    "id": {
                      "type": "string"
                    },
                    "object": {
                      "const": "api_key"
                    },
                    "name": {
                      "type": "string"
                    },
                    "key_hint": {
                      "type": "string"
                    },
                    "secret": {
                      "type": "string"
                    },
                    "created_at": {
                      "type": "integer"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{1,128}$"
            },
            "description": "The id: letters, digits, _ and -."
          }
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      },
      "patch": {
        "summary": "Change a managed key",
        "operationId": "patchKey",
        "tags": [
          "Keys"
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "id",
                    "object"
                  ],
                  "description": "A managed key; secret appears only when the key is created or rotated.",
                  "properties": {
                    "id": {
                      "type": "string"
                    },
                    "object": {
                      "const": "api_key"
                    },
                    "name": {
                      "type": "string"
                    },
                    "key_hint": {
                      "type": "string"
                    },
                    "secret": {
                      "type": "string"
                    },
                    "created_at": {
                      "type": "integer"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{1,128}$"
            },
            "description": "The id: letters, digits, _ and -."
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "description": "name, team_id, budget, rpm/rpd/tpm, models (patterns), tags, metadata, expires_at; see the README.",
                "properties": {
                  "name": {
                    "type": "string"
                  },
                  "team_id": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "models": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    }
                  },
                  "tags": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    }
                  },
                  "metadata": {
                    "type": "object"
                  }
                }
              }
            }
          }
        },
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      },
      "delete": {
        "summary": "Delete a managed key",
        "operationId": "deleteKey",
        "tags": [
          "Keys"
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "id",
                    "object",
                    "deleted"
                  ],
                  "properties": {
                    "id": {
                      "type": "string"
                    },
                    "object": {
                      "const": "api_key.deleted"
                    },
                    "deleted": {
                      "const": true
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{1,128}$"
            },
            "description": "The id: letters, digits, _ and -."
          }
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      }
    },
    "/v1/admin/keys/{id}/rotate": {
      "post": {
        "summary": "Rotate a managed key's secret",
        "operationId": "rotateKey",
        "tags": [
          "Keys"
        ],
        "responses": {
          "200": {
            "description": "The key with its new secret.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "id",
                    "object"
                  ],
                  "description": "A managed key; secret appears only when the key is created or rotated.",
                  "properties": {
                    "id": {
                      "type": "string"
                    },
                    "object": {
                      "const": "api_key"
                    },
                    "name": {
                      "type": "string"
                    },
                    "key_hint": {
                      "type": "string"
                    },
                    "secret": {
                      "type": "string"
                    },
                    "created_at": {
                      "type": "integer"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{1,128}$"
            },
            "description": "The id: letters, digits, _ and -."
          }
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      }
    },
    "/v1/admin/teams": {
      "post": {
        "summary": "Create a team",
        "operationId": "createTeam",
        "tags": [
          "Keys"
        ],
        "responses": {
          "201": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "id",
                    "object"
                  ],
                  "properties": {
                    "id": {
                      "type": "string"
                    },
                    "object": {
                      "const": "team"
                    },
                    "name": {
                      "type": "string"
                    },
                    "created_at": {
                      "type": "integer"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "properties": {
                  "name": {
                    "type": "string"
                  },
                  "models": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    }
                  },
                  "metadata": {
                    "type": "object"
                  }
                }
              }
            }
          }
        },
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      },
      "get": {
        "summary": "List teams",
        "operationId": "listTeams",
        "tags": [
          "Keys"
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "object",
                    "data",
                    "has_more"
                  ],
                  "properties": {
                    "object": {
                      "const": "list"
                    },
                    "data": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "required": [
                          "id",
                          "object"
                        ],
                        "properties": {
                          "id": {
                            "type": "string"
                          },
                          "object": {
                            "const": "team"
                          },
                          "name": {
                            "type": "string"
                          },
                          "created_at": {
                            "type": "integer"
                          }
                        }
                      }
                    },
                    "first_id": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "last_id": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "has_more": {
                      "type": "boolean"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 100,
              "default": 20
            },
            "description": "Page size, 1 to 100."
          },
          {
            "name": "after",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{0,128}$"
            },
            "description": "The last_id of the previous page."
          }
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      }
    },
    "/v1/admin/teams/{id}": {
      "get": {
        "summary": "Get a team",
        "operationId": "getTeam",
        "tags": [
          "Keys"
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "id",
                    "object"
                  ],
                  "properties": {
                    "id": {
                      "type": "string"
                    },
                    "object": {
                      "const": "team"
                    },
                    "name": {
                      "type": "string"
                    },
                    "created_at": {
                      "type": "integer"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{1,128}$"
            },
            "description": "The id: letters, digits, _ and -."
          }
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      },
      "patch": {
        "summary": "Change a team",
        "operationId": "patchTeam",
        "tags": [
          "Keys"
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "id",
                    "object"
                  ],
                  "properties": {
                    "id": {
                      "type": "string"
                    },
                    "object": {
                      "const": "team"
                    },
                    "name": {
                      "type": "string"
                    },
                    "created_at": {
                      "type": "integer"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{1,128}$"
            },
            "description": "The id: letters, digits, _ and -."
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "properties": {
                  "name": {
                    "type": "string"
                  },
                  "models": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    }
                  },
                  "metadata": {
                    "type": "object"
                  }
                }
              }
            }
          }
        },
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      },
      "delete": {
        "summary": "Delete a team (only without keys)",
        "operationId": "deleteTeam",
        "tags": [
          "Keys"
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "id",
                    "object",
                    "deleted"
                  ],
                  "properties": {
                    "id": {
                      "type": "string"
                    },
                    "object": {
                      "const": "team.deleted"
                    },
                    "deleted": {
                      "const": true
                    }
                  }
                }
              }
            }
          },
          "409": {
            "description": "The team still has keys.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{1,128}$"
            },
            "description": "The id: letters, digits, _ and -."
          }
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      }
    },
    "/v1/usage": {
      "get": {
        "summary": "Usage from the ledger",
        "operationId": "getUsage",
        "tags": [
          "Keys"
        ],
        "responses": {
          "200": {
            "description": "Rows grouped as asked; Accept: text/csv answers them as CSV.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "object",
                    "data"
                  ],
                  "properties": {
                    "object": {
                      "const": "list"
                    },
                    "group_by": {
                      "type": "string"
                    },
                    "from": {
                      "type": "number"
                    },
                    "to": {
                      "type": "number"
                    },
                    "data": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "required": [
                          "group",
                          "requests"
                        ],
                        "properties": {
                          "group": {
                            "type": "string"
                          },
                          "requests": {
                            "type": "integer"
                          },
                          "errors": {
                            "type": "integer"
                          },
                          "input_tokens": {
                            "type": "integer"
                          },
                          "output_tokens": {
                            "type": "integer"
                          },
                          "images": {
                            "type": "integer"
                          },
                          "video_seconds": {
                            "type": "number"
                          },
                          "cost_usd": {
                            "type": "number"
                          }
                        }
                      }
                    }
                  }
                }
              },
              "text/csv": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "description": "A managed key sees its own usage, the admin everyone's.",
        "parameters": [
          {
            "name": "from",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string"
            },
            "description": "ISO-8601 or Unix seconds (default 7 days ago)."
          },
          {
            "name": "to",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string"
            },
            "description": "ISO-8601 or Unix seconds (default now)."
          },
          {
            "name": "group_by",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "enum": [
                "key",
                "team",
                "model",
                "provider",
                "route",
                "tag",
                "day",
                "hour"
              ]
            },
            "description": "How rows are grouped (default model)."
          }
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      }
    },
    "/v1/route/dry-run": {
      "post": {
        "summary": "Which targets a request would try",
        "operationId": "routeDryRun",
        "tags": [
          "Models"
        ],
        "responses": {
          "200": {
            "description": "The route's candidates in order, with why.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "description": "The same resolution as a real request, stopped before the first attempt.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ChatCompletionRequest"
              }
            }
          }
        },
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      }
    },
    "/v1/admin/routes": {
      "get": {
        "summary": "Routes, breakers and statistics",
        "operationId": "listRoutes",
        "tags": [
          "Models"
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "object",
                    "data"
                  ],
                  "properties": {
                    "object": {
                      "const": "list"
                    },
                    "data": {
                      "type": "array",
                      "items": {
                        "type": "object"
                      }
                    }
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      }
    },
    "/mcp": {
      "post": {
        "summary": "Send a Model Context Protocol message",
        "operationId": "mcpPost",
        "tags": [
          "MCP"
        ],
        "responses": {
          "200": {
            "description": "The JSON-RPC answer; a tools/call from a client that accepts text/event-stream is answered as events (notifications/progress, then the result).",
            "content": {
              "application/json": {
                "schema": {
                  "anyOf": [
                    {
                      "$ref": "#/components/schemas/JSONRPCMessage"
                    },
                    {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/JSONRPCMessage"
                      }
                    }
                  ]
                }
              },
              "text/event-stream": {
                "schema": {
                  "$ref": "#/components/schemas/ServerSentEvent",
                  "description": "event message: a JSON-RPC message per event"
                }
              }
            }
          },
          "202": {
            "description": "A notification or response was accepted."
          },
          "400": {
            "description": "Not a JSON-RPC message, or an unsupported MCP-Protocol-Version.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/JSONRPCError"
                }
              }
            }
          },
          "401": {
            "description": "No key or a wrong key: a JSON-RPC error whose message is the sentence and whose data is the error object of SPEC section 9.",
            "headers": {
              "WWW-Authenticate": {
                "schema": {
                  "type": "string"
                }
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/JSONRPCError"
                }
              }
            }
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "description": "Streamable HTTP, stateless (no Mcp-Session-Id). Tools: generate_image, generate_video, chat, web_search and run_python (when configured), list_media, get_job, cancel_job, list_models.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "anyOf": [
                  {
                    "$ref": "#/components/schemas/JSONRPCMessage"
                  },
                  {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/JSONRPCMessage"
                    }
                  }
                ]
              }
            }
          }
        },
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      },
      "get": {
        "summary": "MCP: open a server-initiated stream (not offered)",
        "operationId": "mcpGet",
        "tags": [
          "MCP"
        ],
        "responses": {
          "405": {
            "description": "Prism's MCP server is stateless: there is no stream to open and no session to end.",
            "headers": {
              "Allow": {
                "schema": {
                  "type": "string"
                }
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "description": "No key or a wrong key: a JSON-RPC error whose message is the sentence and whose data is the error object of SPEC section 9.",
            "headers": {
              "WWW-Authenticate": {
                "schema": {
                  "type": "string"
                }
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/JSONRPCError"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      },
      "delete": {
        "summary": "MCP: end a session (not offered)",
        "operationId": "mcpDelete",
        "tags": [
          "MCP"
        ],
        "responses": {
          "405": {
            "description": "Prism's MCP server is stateless: there is no stream to open and no session to end.",
            "headers": {
              "Allow": {
                "schema": {
                  "type": "string"
                }
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "description": "No key or a wrong key: a JSON-RPC error whose message is the sentence and whose data is the error object of SPEC section 9.",
            "headers": {
              "WWW-Authenticate": {
                "schema": {
                  "type": "string"
                }
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/JSONRPCError"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      }
    },
    "/health/ready": {
      "get": {
        "summary": "Readiness: the database answers and the media store accepts a write",
        "operationId": "ready",
        "tags": [
          "Operations"
        ],
        "responses": {
          "200": {
            "description": "Ready",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "status"
                  ],
                  "properties": {
                    "status": {
                      "const": "ready"
                    }
                  }
                }
              }
            }
          },
          "503": {
            "description": "Not ready, with one sentence per failed check",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "status",
                    "failed"
                  ],
                  "properties": {
                    "status": {
                      "const": "not_ready"
                    },
                    "failed": {
                      "type": "array",
                      "items": {
                        "type": "string"
                      }
                    }
                  }
                }
              }
            }
          }
        },
        "security": []
      }
    },
    "/metrics": {
      "get": {
        "summary": "Prometheus metrics (admin or METRICS_TOKEN)",
        "operationId": "metrics",
        "tags": [
          "Operations"
        ],
        "responses": {
          "200": {
            "description": "The Prometheus text exposition",
            "content": {
              "text/plain": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/dashboard": {
      "get": {
        "summary": "The web dashboard",
        "operationId": "dashboard",
        "tags": [
          "Operations"
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "text/html": {
                "schema": {
                  "type": "string"
                }
              }
            }
          }
        },
        "security": []
      }
    },
    "/dashboard/app.css": {
      "get": {
        "summary": "The dashboard stylesheet",
        "operationId": "dashboardStyles",
        "tags": [
          "Operations"
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "text/css": {
                "schema": {
                  "type": "string"
                }
              }
            }
          }
        },
        "security": []
      }
    },
    "/dashboard/app.js": {
      "get": {
        "summary": "The dashboard script",
        "operationId": "dashboardScript",
        "tags": [
          "Operations"
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "text/javascript": {
                "schema": {
                  "type": "string"
                }
              }
            }
          }
        },
        "security": []
      }
    },
    "/v1/admin/requests": {
      "get": {
        "summary": "The request log, newest first (admin)",
        "operationId": "listRequests",
        "tags": [
          "Operations"
        ],
        "parameters": [
          {
            "name": "model",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string"
            },
            "description": "Only requests for this model name."
          },
          {
            "name": "provider",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string"
            },
            "description": "Only requests answered by this provider."
          },
          {
            "name": "status",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "minimum": 100,
              "maximum": 599
            },
            "description": "Only requests that ended with this HTTP status."
          },
          {
            "name": "key_id",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string"
            },
            "description": "Only requests of this managed key."
          },
          {
            "name": "since",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string"
            },
            "description": "Only requests from this time on: ISO 8601 or Unix seconds."
          },
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 100,
              "default": 20
            },
            "description": "Page size, 1 to 100."
          },
          {
            "name": "after",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{1,128}$"
            },
            "description": "The last id of the previous page."
          }
        ],
        "responses": {
          "200": {
            "description": "A page of requests",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "object",
                    "data",
                    "has_more"
                  ],
                  "properties": {
                    "object": {
                      "const": "list"
                    },
                    "data": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/RequestLogEntry"
                      }
                    },
                    "first_id": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "last_id": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "has_more": {
                      "type": "boolean"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/v1/admin/requests/{id}": {
      "get": {
        "summary": "One request of the log with its attempts (admin)",
        "operationId": "getRequest",
        "tags": [
          "Operations"
        ],
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{1,128}$"
            },
            "description": "The id: letters, digits, _ and -."
          }
        ],
        "responses": {
          "200": {
            "description": "The request",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RequestLogEntry"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/v1/admin/providers": {
      "get": {
        "summary": "Provider health: keys, circuit, last error, 5 and 60 minute windows (admin)",
        "operationId": "listProviders",
        "tags": [
          "Operations"
        ],
        "responses": {
          "200": {
            "description": "One entry per provider and kind",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "object",
                    "data"
                  ],
                  "properties": {
                    "object": {
                      "const": "list"
                    },
                    "data": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "required": [
                          "id",
                          "kind",
                          "circuit",
                          "window_5m",
                          "window_60m"
                        ],
                        "properties": {
                          "id": {
                            "type": "string"
                          },
                          "kind": {
                            "enum": [
                              "text",
                              "image",
                              "video",
                              "tool"
                            ]
                          },
                          "base_url_host": {
                            "type": [
                              "string",
                              "null"
                            ]
                          },
                          "keys": {
                            "type": [
                              "object",
                              "null"
                            ],
                            "properties": {
                              "usable": {
                                "type": "integer"
                              },
                              "cooling": {
                                "type": "integer"
                              },
                              "benched": {
                                "type": "integer"
                              }
                            }
                          },
                          "circuit": {
                            "enum": [
                              "closed",
                              "open",
                              "half_open"
                            ]
                          },
                          "last_error": {
                            "type": [
                              "object",
                              "null"
                            ],
                            "properties": {
                              "status": {
                                "type": [
                                  "integer",
                                  "null"
                                ]
                              },
                              "message": {
                                "type": "string"
                              },
                              "at": {
                                "type": "integer"
                              }
                            }
                          },
                          "window_5m": {
                            "type": "object",
                            "required": [
                              "requests",
                              "errors"
                            ],
                            "properties": {
                              "requests": {
                                "type": "integer"
                              },
                              "errors": {
                                "type": "integer"
                              },
                              "p50_ms": {
                                "type": [
                                  "number",
                                  "null"
                                ]
                              },
                              "p95_ms": {
                                "type": [
                                  "number",
                                  "null"
                                ]
                              }
                            }
                          },
                          "window_60m": {
                            "type": "object",
                            "required": [
                              "requests",
                              "errors"
                            ],
                            "properties": {
                              "requests": {
                                "type": "integer"
                              },
                              "errors": {
                                "type": "integer"
                              },
                              "p50_ms": {
                                "type": [
                                  "number",
                                  "null"
                                ]
                              },
                              "p95_ms": {
                                "type": [
                                  "number",
                                  "null"
                                ]
                              }
                            }
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/v1/admin/webhooks": {
      "get": {
        "summary": "Webhook settings: the signing secret, the operator's URL and the event types",
        "operationId": "getWebhookSettings",
        "tags": [
          "Webhooks"
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "object",
                    "secret",
                    "url",
                    "events"
                  ],
                  "properties": {
                    "object": {
                      "const": "webhook.settings"
                    },
                    "secret": {
                      "type": "string",
                      "description": "whsec_ and base64: the Standard Webhooks signing secret."
                    },
                    "url": {
                      "type": [
                        "string",
                        "null"
                      ],
                      "description": "WEBHOOK_URL"
                    },
                    "events": {
                      "type": "array",
                      "items": {
                        "type": "string"
                      }
                    }
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      }
    },
    "/v1/admin/webhooks/deliveries": {
      "get": {
        "summary": "List webhook deliveries, newest first",
        "operationId": "listWebhookDeliveries",
        "tags": [
          "Webhooks"
        ],
        "parameters": [
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 100,
              "default": 20
            },
            "description": "Page size, 1 to 100."
          },
          {
            "name": "after",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{0,128}$"
            },
            "description": "The last_id of the previous page."
          },
          {
            "name": "status",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "enum": [
                "pending",
                "delivered",
                "failed",
                "stopped"
              ]
            },
            "description": "Only deliveries in this state."
          },
          {
            "name": "event_type",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string"
            },
            "description": "Only events of this type, such as job.succeeded."
          }
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "object",
                    "data",
                    "has_more"
                  ],
                  "properties": {
                    "object": {
                      "const": "list"
                    },
                    "data": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/WebhookDelivery"
                      }
                    },
                    "first_id": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "last_id": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "has_more": {
                      "type": "boolean"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      }
    },
    "/v1/admin/webhooks/deliveries/{id}/retry": {
      "post": {
        "summary": "Send a webhook delivery again now",
        "operationId": "retryWebhookDelivery",
        "tags": [
          "Webhooks"
        ],
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{1,128}$"
            },
            "description": "The id: letters, digits, _ and -."
          }
        ],
        "responses": {
          "200": {
            "description": "The delivery, pending and due now.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/WebhookDelivery"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      }
    },
    "/v1/responses/{id}/cancel": {
      "post": {
        "summary": "Cancel a background response",
        "operationId": "cancelResponse",
        "tags": [
          "Responses"
        ],
        "description": "Stops a background response (status cancelled, with its media job); one that already ended is answered unchanged.",
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{1,128}$"
            },
            "description": "The id: letters, digits, _ and -."
          }
        ],
        "responses": {
          "200": {
            "description": "The response.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Response"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      }
    },
    "/v1/videos": {
      "post": {
        "summary": "Create a video",
        "operationId": "createVideo",
        "tags": [
          "Media"
        ],
        "description": "Starts a video job and answers the video object at once (200, as OpenAI does); poll GET /v1/videos/{id}.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "model",
                  "prompt"
                ],
                "properties": {
                  "model": {
                    "type": "string",
                    "description": "A video/ model, e.g. video/doubao-seedance."
                  },
                  "prompt": {
                    "type": "string",
                    "minLength": 1
                  },
                  "seconds": {
                    "type": "string",
                    "description": "Length in seconds, e.g. 4."
                  },
                  "size": {
                    "type": "string",
                    "description": "WIDTHxHEIGHT, e.g. 1280x720: mapped to the nearest ratio and resolution."
                  }
                }
              }
            },
            "multipart/form-data": {
              "schema": {
                "type": "object",
                "required": [
                  "model",
                  "prompt"
                ],
                "properties": {
                  "model": {
                    "type": "string",
                    "description": "A video/ model, e.g. video/doubao-seedance."
                  },
                  "prompt": {
                    "type": "string",
                    "minLength": 1
                  },
                  "seconds": {
                    "type": "string",
                    "description": "Length in seconds, e.g. 4."
                  },
                  "size": {
                    "type": "string",
                    "description": "WIDTHxHEIGHT, e.g. 1280x720: mapped to the nearest ratio and resolution."
                  },
                  "input_reference": {
                    "type": "string",
                    "format": "binary",
                    "description": "An image for the first frame."
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Video"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "429": {
            "$ref": "#/components/responses/RateLimited"
          },
          "502": {
            "$ref": "#/components/responses/UpstreamError"
          },
          "503": {
            "$ref": "#/components/responses/Unavailable"
          },
          "504": {
            "$ref": "#/components/responses/Timeout"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      },
      "get": {
        "summary": "List your videos",
        "operationId": "listVideos",
        "tags": [
          "Media"
        ],
        "parameters": [
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 100,
              "default": 20
            },
            "description": "Page size, 1 to 100."
          },
          {
            "name": "after",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{0,128}$"
            },
            "description": "The last_id of the previous page."
          }
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "object",
                    "data",
                    "has_more"
                  ],
                  "properties": {
                    "object": {
                      "const": "list"
                    },
                    "data": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Video"
                      }
                    },
                    "first_id": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "last_id": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "has_more": {
                      "type": "boolean"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      }
    },
    "/v1/videos/{id}": {
      "get": {
        "summary": "Get a video",
        "operationId": "getVideo",
        "tags": [
          "Media"
        ],
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{1,128}$"
            },
            "description": "The id: letters, digits, _ and -."
          }
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Video"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      },
      "delete": {
        "summary": "Delete a video's file",
        "operationId": "deleteVideo",
        "tags": [
          "Media"
        ],
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{1,128}$"
            },
            "description": "The id: letters, digits, _ and -."
          }
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "id",
                    "object",
                    "deleted"
                  ],
                  "properties": {
                    "id": {
                      "type": "string"
                    },
                    "object": {
                      "const": "video.deleted"
                    },
                    "deleted": {
                      "const": true
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      }
    },
    "/v1/videos/{id}/content": {
      "get": {
        "summary": "Download a video",
        "operationId": "getVideoContent",
        "tags": [
          "Media"
        ],
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{1,128}$"
            },
            "description": "The id: letters, digits, _ and -."
          },
          {
            "name": "Range",
            "in": "header",
            "required": false,
            "schema": {
              "type": "string"
            },
            "description": "bytes=start-end"
          }
        ],
        "responses": {
          "200": {
            "description": "The mp4.",
            "content": {
              "video/mp4": {
                "schema": {
                  "type": "string",
                  "format": "binary"
                }
              }
            }
          },
          "206": {
            "description": "A range of it.",
            "content": {
              "video/mp4": {
                "schema": {
                  "type": "string",
                  "format": "binary"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "416": {
            "$ref": "#/components/responses/Error"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      }
    },
    "/v1/files": {
      "post": {
        "summary": "Upload a file",
        "operationId": "createFile",
        "tags": [
          "Media"
        ],
        "description": "An image (PNG, JPEG, WebP, GIF) or video (MP4, WebM), by its bytes, at most MAX_UPLOAD_BYTES; its id is an input wherever an image is.",
        "requestBody": {
          "required": true,
          "content": {
            "multipart/form-data": {
              "schema": {
                "type": "object",
                "required": [
                  "file",
                  "purpose"
                ],
                "properties": {
                  "file": {
                    "type": "string",
                    "format": "binary"
                  },
                  "purpose": {
                    "type": "string",
                    "enum": [
                      "vision",
                      "user_data"
                    ]
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/File"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      },
      "get": {
        "summary": "List your uploads",
        "operationId": "listFiles",
        "tags": [
          "Media"
        ],
        "parameters": [
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 100,
              "default": 20
            },
            "description": "Page size, 1 to 100."
          },
          {
            "name": "after",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{0,128}$"
            },
            "description": "The last_id of the previous page."
          }
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "object",
                    "data",
                    "has_more"
                  ],
                  "properties": {
                    "object": {
                      "const": "list"
                    },
                    "data": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/File"
                      }
                    },
                    "first_id": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "last_id": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "has_more": {
                      "type": "boolean"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      }
    },
    "/v1/files/{id}": {
      "get": {
        "summary": "Get an upload",
        "operationId": "getFile",
        "tags": [
          "Media"
        ],
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{1,128}$"
            },
            "description": "The id: letters, digits, _ and -."
          }
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/File"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      },
      "delete": {
        "summary": "Delete an upload",
        "operationId": "deleteFile",
        "tags": [
          "Media"
        ],
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{1,128}$"
            },
            "description": "The id: letters, digits, _ and -."
          }
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "id",
                    "object",
                    "deleted"
                  ],
                  "properties": {
                    "id": {
                      "type": "string"
                    },
                    "object": {
                      "const": "file"
                    },
                    "deleted": {
                      "const": true
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      }
    },
    "/v1/files/{id}/content": {
      "get": {
        "summary": "Download an upload",
        "operationId": "getFileContent",
        "tags": [
          "Media"
        ],
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{1,128}$"
            },
            "description": "The id: letters, digits, _ and -."
          },
          {
            "name": "Range",
            "in": "header",
            "required": false,
            "schema": {
              "type": "string"
            },
            "description": "bytes=start-end"
          }
        ],
        "responses": {
          "200": {
            "description": "The file.",
            "content": {
              "image/png": {
                "schema": {
                  "type": "string",
                  "format": "binary"
                }
              },
              "image/jpeg": {
                "schema": {
                  "type": "string",
                  "format": "binary"
                }
              },
              "image/webp": {
                "schema": {
                  "type": "string",
                  "format": "binary"
                }
              },
              "image/gif": {
                "schema": {
                  "type": "string",
                  "format": "binary"
                }
              },
              "video/mp4": {
                "schema": {
                  "type": "string",
                  "format": "binary"
                }
              },
              "video/webm": {
                "schema": {
                  "type": "string",
                  "format": "binary"
                }
              }
            }
          },
          "206": {
            "description": "A range of it.",
            "content": {
              "image/png": {
                "schema": {
                  "type": "string",
                  "format": "binary"
                }
              },
              "image/jpeg": {
                "schema": {
                  "type": "string",
                  "format": "binary"
                }
              },
              "image/webp": {
                "schema": {
                  "type": "string",
                  "format": "binary"
                }
              },
              "image/gif": {
                "schema": {
                  "type": "string",
                  "format": "binary"
                }
              },
              "video/mp4": {
                "schema": {
                  "type": "string",
                  "format": "binary"
                }
              },
              "video/webm": {
                "schema": {
                  "type": "string",
                  "format": "binary"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "416": {
            "$ref": "#/components/responses/Error"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      }
    },
    "/v1/images/edits": {
      "post": {
        "summary": "Edit an image",
        "operationId": "editImage",
        "tags": [
          "Media"
        ],
        "description": "OpenAI's images edits over Prism's image models that take an input image (SPEC section 15).",
        "requestBody": {
          "required": true,
          "content": {
            "multipart/form-data": {
              "schema": {
                "type": "object",
                "required": [
                  "image",
                  "prompt",
                  "model"
                ],
                "properties": {
                  "image": {
                    "type": "string",
                    "format": "binary"
                  },
                  "image[]": {
                    "type": "array",
                    "items": {
                      "type": "string",
                      "format": "binary"
                    }
                  },
                  "mask": {
                    "type": "string",
                    "format": "binary"
                  },
                  "prompt": {
                    "type": "string"
                  },
                  "model": {
                    "type": "string"
                  },
                  "n": {
                    "type": "string"
                  },
                  "size": {
                    "type": "string"
                  },
                  "response_format": {
                    "type": "string",
                    "enum": [
                      "url",
                      "b64_json"
                    ]
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ImagesResponse"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "429": {
            "$ref": "#/components/responses/RateLimited"
          },
          "502": {
            "$ref": "#/components/responses/UpstreamError"
          },
          "503": {
            "$ref": "#/components/responses/Unavailable"
          },
          "504": {
            "$ref": "#/components/responses/Timeout"
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        },
        "security": [
          {
            "bearerAuth": []
          },
          {
            "apiKeyHeader": []
          }
        ]
      }
    }
  },
  "components": {
    "schemas": {
      "Error": {
        "type": "object",
        "required": [
          "error"
        ],
        "description": "SPEC section 9: every error. message is a plain sentence saying what went wrong and what to do.",
        "properties": {
          "error": {
            "type": "object",
            "required": [
              "message",
              "type",
              "code"
            ],
            "properties": {
              "message": {
                "type": "string"
              },
              "type": {
                "type": "string",
                "examples": [
                  "invalid_request_error",
                  "authentication_error",
                  "not_found_error"
                ]
              },
              "param": {
                "type": [
                  "string",
                  "null"
                ]
              },
              "code": {
                "type": "string",
                "examples": [
                  "missing_field",
                  "invalid_api_key",
                  "model_not_found"
                ]
              }
            }
          }
        }
      },
      "ChatMessage": {
        "type": "object",
        "required": [
          "role"
        ],
        "properties": {
          "role": {
            "type": "string",
            "enum": [
              "system",
              "developer",
              "user",
              "assistant",
              "tool"
            ]
          },
          "content": {
            "description": "Text, or an array of parts (text, image_url).",
            "anyOf": [
              {
                "type": "string"
              },
              {
                "type": "array",
                "items": {
                  "type": "object"
                }
              },
              {
                "type": "null"
              }
            ]
          }
        }
      },
      "ChatCompletionRequest": {
        "type": "object",
        "required": [
          "model",
          "messages"
        ],
        "description": "OpenAI's chat completions request; unknown fields are passed to the upstream. The model decides the family (SPEC section 3): text, image/..., video/..., admin/magic. A media prompt takes --flags (SPEC section 5).",
        "properties": {
          "model": {
            "type": "string",
            "minLength": 1
          },
          "messages": {
            "type": "array",
            "minItems": 1,
            "items": {
              "$ref": "#/components/schemas/ChatMessage"
            }
          },
          "stream": {
            "type": "boolean"
          },
          "store": {
            "type": "boolean",
            "description": "Keep the completion (GET /v1/chat/completions)."
          },
          "tools": {
            "type": "array",
            "items": {
              "type": "object"
            },
            "description": "Any tools array (even empty) offers Prism's server tools (web_search, python) when configured."
          },
          "stream_options": {
            "type": "object"
          },
          "max_tokens": {
            "type": "integer"
          },
          "temperature": {
            "type": "number"
          }
        }
      },
      "ChatCompletion": {
        "type": "object",
        "required": [
          "object",
          "choices"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "object": {
            "const": "chat.completion"
          },
          "created": {
            "type": "integer"
          },
          "model": {
            "type": "string"
          },
          "choices": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "index": {
                  "type": "integer"
                },
                "message": {
                  "type": "object"
                },
                "finish_reason": {
                  "type": [
                    "string",
                    "null"
                  ]
                }
              }
            }
          },
          "usage": {
            "type": [
              "object",
              "null"
            ]
          }
        }
      },
      "ResponsesRequest": {
        "type": "object",
        "required": [
          "model",
          "input"
        ],
        "description": "OpenAI's Responses request. previous_response_id continues a stored chain (SPEC section 6); background runs it without the client (SPEC section 15).",
        "properties": {
          "model": {
            "type": "string",
            "minLength": 1
          },
          "input": {
            "anyOf": [
              {
                "type": "string"
              },
              {
                "type": "array",
                "items": {
                  "type": "object"
                }
              }
            ]
          },
          "instructions": {
            "type": [
              "string",
              "null"
            ]
          },
          "previous_response_id": {
            "type": [
              "string",
              "null"
            ]
          },
          "store": {
            "type": "boolean"
          },
          "stream": {
            "type": "boolean"
          },
          "background": {
            "type": "boolean"
          },
          "tools": {
            "type": "array",
            "items": {
              "type": "object"
            }
          },
          "webhook_url": {
            "type": "string",
            "description": "Background responses only: where response.completed, failed, cancelled or incomplete is sent besides WEBHOOK_URL (Standard Webhooks)."
          }
        }
      },
      "Response": {
        "type": "object",
        "required": [
          "id",
          "object"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "object": {
            "const": "response"
          },
          "created_at": {
            "type": "number"
          },
          "model": {
            "type": "string"
          },
          "status": {
            "type": "string"
          },
          "output": {
            "type": "array",
            "items": {
              "type": "object"
            }
          },
          "previous_response_id": {
            "type": [
              "string",
              "null"
            ]
          }
        }
      },
      "ResponseSummary": {
        "type": "object",
        "required": [
          "id",
          "object",
          "created_at",
          "model",
          "status",
          "preview"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "object": {
            "const": "response"
          },
          "created_at": {
            "type": "integer"
          },
          "model": {
            "type": "string"
          },
          "status": {
            "type": "string"
          },
          "previous_response_id": {
            "type": [
              "string",
              "null"
            ]
          },
          "preview": {
            "type": "string"
          }
        }
      },
      "Conversation": {
        "type": "object",
        "required": [
          "id",
          "root_id",
          "leaf_id",
          "turns",
          "title",
          "model",
          "created_at",
          "updated_at"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "object": {
            "const": "conversation"
          },
          "root_id": {
            "type": "string"
          },
          "leaf_id": {
            "type": "string"
          },
          "turns": {
            "type": "integer",
            "description": "Responses from root to leaf."
          },
          "title": {
            "type": "string"
          },
          "model": {
            "type": "string"
          },
          "created_at": {
            "type": "integer"
          },
          "updated_at": {
            "type": "integer"
          }
        }
      },
      "Deleted": {
        "type": "object",
        "required": [
          "id",
          "object",
          "deleted"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "object": {
            "type": "string"
          },
          "deleted": {
            "const": true
          }
        }
      },
      "MessagesRequest": {
        "type": "object",
        "required": [
          "model",
          "messages",
          "max_tokens"
        ],
        "description": "Anthropic's Messages request, over every model of Prism.",
        "properties": {
          "model": {
            "type": "string",
            "minLength": 1
          },
          "messages": {
            "type": "array",
            "minItems": 1,
            "items": {
              "type": "object",
              "required": [
                "role",
                "content"
              ],
              "properties": {
                "role": {
                  "type": "string",
                  "enum": [
                    "user",
                    "assistant"
                  ]
                },
                "content": {
                  "anyOf": [
                    {
                      "type": "string"
                    },
                    {
                      "type": "array",
                      "items": {
                        "type": "object"
                      }
                    }
                  ]
                }
              }
            }
          },
          "max_tokens": {
            "type": "integer",
            "minimum": 1
          },
          "system": {
            "anyOf": [
              {
                "type": "string"
              },
              {
                "type": "array",
                "items": {
                  "type": "object"
                }
              }
            ]
          },
          "stream": {
            "type": "boolean"
          }
        }
      },
      "AnthropicError": {
        "type": "object",
        "required": [
          "type",
          "error"
        ],
        "description": "Errors on the Anthropic surface use Anthropic's shape.",
        "properties": {
          "type": {
            "const": "error"
          },
          "error": {
            "type": "object",
            "required": [
              "type",
              "message"
            ],
            "properties": {
              "type": {
                "type": "string"
              },
              "message": {
                "type": "string"
              }
            }
          }
        }
      },
      "Model": {
        "type": "object",
        "required": [
          "id",
          "object"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "object": {
            "const": "model"
          },
          "created": {
            "type": "integer"
          },
          "owned_by": {
            "type": "string"
          }
        }
      },
      "Media": {
        "type": "object",
        "required": [
          "id",
          "object",
          "kind",
          "mime_type",
          "bytes",
          "url",
          "created_at"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "object": {
            "const": "media"
          },
          "kind": {
            "type": "string",
            "enum": [
              "image",
              "video"
            ]
          },
          "mime_type": {
            "type": "string"
          },
          "bytes": {
            "type": "integer"
          },
          "width": {
            "type": [
              "integer",
              "null"
            ]
          },
          "height": {
            "type": [
              "integer",
              "null"
            ]
          },
          "duration": {
            "type": [
              "number",
              "null"
            ]
          },
          "prompt": {
            "type": "string"
          },
          "model": {
            "type": "string"
          },
          "job_id": {
            "type": [
              "string",
              "null"
            ]
          },
          "url": {
            "type": "string",
            "description": "A signed link that works without a key."
          },
          "created_at": {
            "type": "integer"
          }
        }
      },
      "Job": {
        "type": "object",
        "required": [
          "id",
          "object",
          "model",
          "status",
          "created_at",
          "media"
        ],
        "description": "A media job (SPEC section 5).",
        "properties": {
          "id": {
            "type": "string"
          },
          "object": {
            "const": "job"
          },
          "model": {
            "type": "string"
          },
          "status": {
            "type": "string",
            "enum": [
              "queued",
              "running",
              "succeeded",
              "failed",
              "cancelled"
            ]
          },
          "progress": {
            "type": [
              "number",
              "null"
            ],
            "minimum": 0,
            "maximum": 1
          },
          "message": {
            "type": "string",
            "description": "The latest progress line."
          },
          "created_at": {
            "type": "integer"
          },
          "started_at": {
            "type": [
              "integer",
              "null"
            ]
          },
          "finished_at": {
            "type": [
              "integer",
              "null"
            ]
          },
          "response_id": {
            "type": [
              "string",
              "null"
            ]
          },
          "media": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "id",
                "url"
              ],
              "properties": {
                "id": {
                  "type": "string"
                },
                "url": {
                  "type": "string"
                }
              }
            }
          },
          "error": {
            "anyOf": [
              {
                "type": "null"
              },
              {
                "type": "object",
                "required": [
                  "code",
                  "message"
                ],
                "properties": {
                  "code": {
                    "type": "string"
                  },
                  "message": {
                    "type": "string"
                  }
                }
              }
            ]
          },
          "metadata": {
            "type": [
              "object",
              "null"
            ],
            "description": "The metadata the job was created with (POST /v1/jobs).",
            "additionalProperties": {
              "type": "string"
            }
          }
        }
      },
      "ImageGenerationRequest": {
        "type": "object",
        "required": [
          "model",
          "prompt"
        ],
        "properties": {
          "model": {
            "type": "string",
            "minLength": 1,
            "examples": [
              "image/doubao"
            ]
          },
          "prompt": {
            "type": "string",
            "minLength": 1
          },
          "n": {
            "const": 1
          },
          "size": {
            "type": "string",
            "examples": [
              "1024x1024",
              "auto"
            ]
          },
          "response_format": {
            "type": "string",
            "enum": [
              "url",
              "b64_json"
            ]
          }
        }
      },
      "ImagesResponse": {
        "type": "object",
        "required": [
          "created",
          "data"
        ],
        "properties": {
          "created": {
            "type": "integer"
          },
          "data": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "url": {
                  "type": "string"
                },
                "b64_json": {
                  "type": "string"
                },
                "revised_prompt": {
                  "type": "string"
                }
              }
            }
          }
        }
      },
      "ServerSentEvent": {
        "type": "object",
        "required": [
          "data"
        ],
        "description": "One server-sent event; data is a JSON object as text (or [DONE] at the end of a chat stream).",
        "properties": {
          "event": {
            "type": "string"
          },
          "data": {
            "type": "string"
          },
          "id": {
            "type": "string"
          },
          "retry": {
            "type": "integer"
          }
        }
      },
      "JSONRPCError": {
        "type": "object",
        "required": [
          "jsonrpc",
          "id",
          "error"
        ],
        "description": "A JSON-RPC 2.0 error answer of /mcp.",
        "properties": {
          "jsonrpc": {
            "const": "2.0"
          },
          "id": {
            "type": [
              "string",
              "integer",
              "null"
            ]
          },
          "error": {
            "type": "object",
            "required": [
              "code",
              "message"
            ],
            "properties": {
              "code": {
                "type": "integer"
              },
              "message": {
                "type": "string",
                "description": "A plain sentence."
              },
              "data": {
                "$ref": "#/components/schemas/ErrorObject"
              }
            }
          }
        }
      },
      "ErrorObject": {
        "type": "object",
        "required": [
          "message",
          "type",
          "code"
        ],
        "properties": {
          "message": {
            "type": "string"
          },
          "type": {
            "type": "string"
          },
          "param": {
            "type": [
              "string",
              "null"
            ]
          },
          "code": {
            "type": "string"
          }
        }
      },
      "JSONRPCMessage": {
        "type": "object",
        "required": [
          "jsonrpc"
        ],
        "description": "One JSON-RPC 2.0 message of the Model Context Protocol (a request, notification or response).",
        "properties": {
          "jsonrpc": {
            "const": "2.0"
          },
          "id": {
            "type": [
              "string",
              "integer"
            ]
          },
          "method": {
            "type": "string"
          },
          "params": {
            "type": "object"
          },
          "result": {
            "type": "object"
          },
          "error": {
            "type": "object"
          }
        }
      },
      "RequestLogEntry": {
        "type": "object",
        "required": [
          "id",
          "object",
          "created_at",
          "surface",
          "principal",
          "status",
          "latency_ms",
          "attempts"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "object": {
            "const": "request"
          },
          "created_at": {
            "type": "integer"
          },
          "surface": {
            "type": "string"
          },
          "key_id": {
            "type": [
              "string",
              "null"
            ]
          },
          "principal": {
            "type": "string"
          },
          "model": {
            "type": [
              "string",
              "null"
            ]
          },
          "route": {
            "type": [
              "string",
              "null"
            ]
          },
          "provider": {
            "type": [
              "string",
              "null"
            ]
          },
          "upstream_model": {
            "type": [
              "string",
              "null"
            ]
          },
          "status": {
            "type": "integer"
          },
          "error_code": {
            "type": [
              "string",
              "null"
            ]
          },
          "latency_ms": {
            "type": "number"
          },
          "ttfb_ms": {
            "type": [
              "number",
              "null"
            ]
          },
          "input_tokens": {
            "type": "integer"
          },
          "output_tokens": {
            "type": "integer"
          },
          "cost_usd": {
            "type": "number"
          },
          "attempts": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "provider",
                "key",
                "status",
                "duration_ms"
              ],
              "properties": {
                "provider": {
                  "type": "string"
                },
                "key": {
                  "type": "string",
                  "description": "The key masked, e.g. gsk_…ood1"
                },
                "status": {
                  "type": [
                    "integer",
                    "null"
                  ]
                },
                "duration_ms": {
                  "type": "number"
                },
                "error": {
                  "type": [
                    "string",
                    "null"
                  ]
                }
              }
            }
          },
          "request_body": {
            "type": "string",
            "description": "Only with LOG_BODIES=true"
          },
          "response_body": {
            "type": "string",
            "description": "Only with LOG_BODIES=true"
          }
        }
      },
      "WebhookDelivery": {
        "type": "object",
        "description": "One webhook event on its way to one URL (SPEC section 15).",
        "required": [
          "id",
          "object",
          "event_id",
          "event_type",
          "url",
          "status",
          "attempts",
          "created_at"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "object": {
            "const": "webhook.delivery"
          },
          "event_id": {
            "type": "string"
          },
          "event_type": {
            "type": "string"
          },
          "url": {
            "type": "string"
          },
          "status": {
            "type": "string",
            "enum": [
              "pending",
              "delivered",
              "failed",
              "stopped"
            ]
          },
          "next_attempt_at": {
            "type": [
              "integer",
              "null"
            ],
            "description": "Unix seconds of the next attempt, while pending."
          },
          "attempts": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "at",
                "status",
                "duration_ms",
                "error"
              ],
              "properties": {
                "at": {
                  "type": "integer"
                },
                "status": {
                  "type": [
                    "integer",
                    "null"
                  ],
                  "description": "The receiver's HTTP status, null when it did not answer."
                },
                "duration_ms": {
                  "type": "integer"
                },
                "error": {
                  "type": [
                    "string",
                    "null"
                  ]
                }
              }
            }
          },
          "created_at": {
            "type": "integer"
          }
        }
      },
      "Video": {
        "type": "object",
        "description": "OpenAI's video object over a video/ job (SPEC section 15); the id is the job id.",
        "required": [
          "id",
          "object",
          "model",
          "status",
          "progress",
          "created_at"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "object": {
            "const": "video"
          },
          "model": {
            "type": "string"
          },
          "status": {
            "type": "string",
            "enum": [
              "queued",
              "in_progress",
              "completed",
              "failed"
            ]
          },
          "progress": {
            "type": "integer",
            "minimum": 0,
            "maximum": 100
          },
          "created_at": {
            "type": "integer"
          },
          "completed_at": {
            "type": [
              "integer",
              "null"
            ]
          },
          "expires_at": {
            "type": "null"
          },
          "prompt": {
            "type": [
              "string",
              "null"
            ]
          },
          "remixed_from_video_id": {
            "type": "null"
          },
          "seconds": {
            "type": [
              "string",
              "null"
            ]
          },
          "size": {
            "type": [
              "string",
              "null"
            ]
          },
          "error": {
            "anyOf": [
              {
                "type": "null"
              },
              {
                "type": "object",
                "required": [
                  "code",
                  "message"
                ],
                "properties": {
                  "code": {
                    "type": "string"
                  },
                  "message": {
                    "type": "string"
                  }
                }
              }
            ]
          }
        }
      },
      "File": {
        "type": "object",
        "description": "OpenAI's file object for an upload (SPEC section 15).",
        "required": [
          "id",
          "object",
          "bytes",
          "created_at",
          "filename",
          "purpose"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "object": {
            "const": "file"
          },
          "bytes": {
            "type": "integer"
          },
          "created_at": {
            "type": "integer"
          },
          "filename": {
            "type": "string"
          },
          "purpose": {
            "type": "string",
            "enum": [
              "vision",
              "user_data"
            ]
          },
          "status": {
            "type": "string"
          },
          "expires_at": {
            "type": "null"
          },
          "status_details": {
            "type": "null"
          }
        }
      }
    },
    "responses": {
      "BadRequest": {
        "description": "The request is malformed or has a bad field (invalid_request_error).",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "Unauthorized": {
        "description": "No key or a wrong key (authentication_error, invalid_api_key).",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "Forbidden": {
        "description": "The key may not do this (permission_error: admin_only, model_not_allowed).",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "NotFound": {
        "description": "No such object for this key, or no such model (not_found_error).",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "MethodNotAllowed": {
        "description": "The path exists but not with this method; Allow lists its methods.",
        "headers": {
          "Allow": {
            "schema": {
              "type": "string"
            }
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "PayloadTooLarge": {
        "description": "The body is larger than MAX_BODY_BYTES.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "RateLimited": {
        "description": "Every key of the provider is rate limited (rate_limit_error).",
        "headers": {
          "Retry-After": {
            "schema": {
              "type": "integer"
            }
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "UpstreamError": {
        "description": "The provider failed or refused (upstream_error).",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "Unavailable": {
        "description": "The store is unavailable (service_unavailable_error).",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "Timeout": {
        "description": "The provider or the job took too long (timeout_error).",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "Error": {
        "description": "Any other error, in the shape of SPEC section 9.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      }
    },
    "securitySchemes": {
      "bearerAuth": {
        "type": "http",
        "scheme": "bearer",
        "description": "PASSWORD (admin), one of API_KEYS, a managed key, or with ALLOW_BYOK your own upstream keys."
      },
      "apiKeyHeader": {
        "type": "apiKey",
        "in": "header",
        "name": "x-api-key",
        "description": "The same keys as Bearer."
      }
    }
  }
}
"""#
}
