//! Multi-row INSERTs with bound parameters, committed in big transactions: the fast way to
//! load a national dataset through the same sqlx `Any` layer (and `$n` placeholders) the
//! application uses, so the rows are exactly the columns and types it writes, on SQLite or
//! PostgreSQL.

use anyhow::Result;
use openita_db::{Db, WriteTx};

/// One bound value.
#[derive(Debug, Clone)]
pub enum Val {
    I(i64),
    S(String),
    Null,
}

impl From<i64> for Val {
    fn from(v: i64) -> Self {
        Val::I(v)
    }
}

impl From<String> for Val {
    fn from(v: String) -> Self {
        Val::S(v)
    }
}

impl From<&str> for Val {
    fn from(v: &str) -> Self {
        Val::S(v.to_string())
    }
}

impl From<Option<String>> for Val {
    fn from(v: Option<String>) -> Self {
        v.map_or(Val::Null, Val::S)
    }
}

/// Bound parameters per statement. Far under SQLite's 32,766 and PostgreSQL's 65,535 on
/// purpose: sqlx-sqlite binds each argument after `sqlite3_bind_parameter_name`, a linear
/// search of the statement's parameters, so a statement's binding cost grows with the
/// square of its parameters (12,000 per statement spent 93 % of the load there).
const MAX_PARAMS: usize = 600;
/// Rows per transaction: big enough that commits cost nothing, small enough that one
/// transaction's WAL stays a few tens of megabytes.
const ROWS_PER_TX: usize = 100_000;

/// Buffers rows of one table and writes them `INSERT ... VALUES (...), (...), ...`.
pub struct Bulk<'d> {
    db: &'d Db,
    tx: Option<WriteTx>,
    table: &'static str,
    columns: &'static [&'static str],
    rows_per_statement: usize,
    full_sql: String,
    pending: Vec<Val>,
    rows_in_tx: usize,
    pub rows: u64,
}

fn insert_sql(table: &str, columns: &[&str], rows: usize) -> String {
    let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
    let mut n = 0;
    for r in 0..rows {
        sql.push_str(if r == 0 { "(" } else { ", (" });
        for c in 0..columns.len() {
            n += 1;
            if c > 0 {
                sql.push_str(", ");
            }
            sql.push('$');
            sql.push_str(&n.to_string());
        }
        sql.push(')');
    }
    sql
}

impl<'d> Bulk<'d> {
    pub fn new(db: &'d Db, table: &'static str, columns: &'static [&'static str]) -> Self {
        let rows_per_statement = (MAX_PARAMS / columns.len()).max(1);
        Bulk {
            db,
            tx: None,
            table,
            columns,
            rows_per_statement,
            full_sql: insert_sql(table, columns, rows_per_statement),
            pending: Vec::with_capacity(rows_per_statement * columns.len()),
            rows_in_tx: 0,
            rows: 0,
        }
    }

    /// Adds one row (values in column order); writes a statement when enough are waiting.
    pub async fn push(&mut self, row: Vec<Val>) -> Result<()> {
        anyhow::ensure!(
            row.len() == self.columns.len(),
            "{}: row of {} values",
            self.table,
            row.len()
        );
        self.pending.extend(row);
        if self.pending.len() >= self.rows_per_statement * self.columns.len() {
            self.write().await?;
        }
        Ok(())
    }

    async fn write(&mut self) -> Result<()> {
        let rows = self.pending.len() / self.columns.len();
        if rows == 0 {
            return Ok(());
        }
        let short;
        let sql = if rows == self.rows_per_statement {
            &self.full_sql
        } else {
            short = insert_sql(self.table, self.columns, rows);
            &short
        };
        if self.tx.is_none() {
            self.tx = Some(self.db.begin_write().await?);
        }
        let Some(tx) = self.tx.as_mut() else {
            anyhow::bail!("no transaction")
        };
        let mut q = sqlx::query(sql);
        for v in self.pending.drain(..) {
            q = match v {
                Val::I(i) => q.bind(i),
                Val::S(s) => q.bind(s),
                Val::Null => q.bind(None::<String>),
            };
        }
        q.execute(tx.conn()).await?;
        self.rows += rows as u64;
        self.rows_in_tx += rows;
        if self.rows_in_tx >= ROWS_PER_TX {
            self.commit().await?;
        }
        Ok(())
    }

    async fn commit(&mut self) -> Result<()> {
        if let Some(tx) = self.tx.take() {
            tx.commit().await?;
        }
        self.rows_in_tx = 0;
        Ok(())
    }

    /// Writes what is left and commits.
    pub async fn finish(mut self) -> Result<u64> {
        self.write().await?;
        self.commit().await?;
        Ok(self.rows)
    }
}

/// Runs one statement in its own transaction.
pub async fn exec(db: &Db, sql: &str) -> Result<()> {
    let mut tx = db.begin_write().await?;
    sqlx::query(sql).execute(tx.conn()).await?;
    tx.commit().await?;
    Ok(())
}

/// A schema change (`CREATE INDEX`) on a pooled connection that may not have seen another
/// connection's change: SQLite checks a connection's cached schema only when a statement runs,
/// and refuses `CREATE INDEX` while preparing it when that cache still holds the index another
/// connection dropped ("already exists", one run in a few). A read of `sqlite_master` in the
/// same transaction first brings the cache up to date.
pub async fn exec_schema(db: &Db, sql: &str) -> Result<()> {
    let mut tx = db.begin_write().await?;
    if db.backend() == openita_db::Backend::Sqlite {
        sqlx::query("SELECT COUNT(*) FROM sqlite_master")
            .execute(tx.conn())
            .await?;
    }
    sqlx::query(sql).execute(tx.conn()).await?;
    tx.commit().await?;
    Ok(())
}
