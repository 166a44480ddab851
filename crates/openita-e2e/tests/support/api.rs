//! The JSON API on the test server's socket, as a script or another system uses it: for the
//! set-up a browser test needs around the steps it walks through the pages.

#![allow(
    dead_code,
    reason = "each test binary uses its own share of these helpers"
)]

use anyhow::{Result, ensure};
use reqwest::{Method, StatusCode};
use serde_json::Value;

pub struct Api {
    base: String,
    http: reqwest::Client,
}

impl Api {
    pub fn new(base: &str) -> Api {
        Api {
            base: base.to_string(),
            http: reqwest::Client::new(),
        }
    }

    /// Sends a request with a bearer token (and a JSON body); the status and the JSON answer
    /// (null when the answer is not JSON).
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> Result<(StatusCode, Value)> {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await?;
        let status = response.status();
        let text = response.text().await?;
        Ok((status, serde_json::from_str(&text).unwrap_or(Value::Null)))
    }

    /// Like `call`, and the answer must be a success.
    pub async fn ok(
        &self,
        method: Method,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> Result<Value> {
        let (status, value) = self.call(method.clone(), path, token, body).await?;
        ensure!(status.is_success(), "{method} {path}: {status} {value}");
        Ok(value)
    }
}
