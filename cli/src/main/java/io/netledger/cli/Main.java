package io.netledger.cli;

/** Entry point of the {@code netledger} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.out.println("netledger");
  }
}
